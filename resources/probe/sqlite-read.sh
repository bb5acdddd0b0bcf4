# Spoolscope probe: sqlite-read
# Runs read-only SQL against SQLite files on the node with the sqlite3 shell: schema reads and the bounded
# sampling of a log table. The SQL comes from a fixed set of statements built by Spoolscope in which only
# identifiers read from the file's own schema appear (always quoted); it is stdin data, never shell text.
# stdin:  NUL-terminated triples: the database path (absolute); the same file as a read-only URI with
#         immutable=1; the SQL.
# stdout: per database, sqlite3's output: one line per row, columns separated by tabs (the statements hex()
#         every text value, so no value holds a tab or a newline; each row starts with a one-letter tag),
#         sqlite3's error messages (untagged lines), then a NUL.
# stderr: "spoolscope-error: no-sqlite3" when the node has no sqlite3 shell; sqlite3's own errors otherwise.
# -readonly never takes a write lock, so a writer is never made to wait by us. A WAL database on a
# read-only mount with no -shm cannot be opened read-only at all; nothing can be writing it there, so it
# is opened immutable (no locks, no -shm) instead.
exec xargs -0 -r -x -n 3 sh -c '
LC_ALL=C
export LC_ALL
command -v sqlite3 >/dev/null 2>&1 || { echo "spoolscope-error: no-sqlite3" >&2; exit 3; }
dir=$(dirname -- "$1"; echo x)
dir=${dir%?x}
target=$1
if [ ! -w "$dir" ] && [ ! -e "$1-shm" ]; then target=$2; fi
tab=$(printf "\tx")
tab=${tab%x}
printf "%s\n" "$3" | sqlite3 -readonly -batch -bail -noheader -list -separator "$tab" -nullvalue "" "$target" 2>&1
st=$?
printf "\0"
exit $st
' spoolscope-sqlite-read
