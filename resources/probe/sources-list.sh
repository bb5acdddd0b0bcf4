# Spoolscope probe: sources-list
# The entries under a partition or root that source attribution looks at: day directories, log files and
# SQLite stores, a few levels deep.
# stdin:  NUL-terminated: the path (absolute); the depth to list (digits).
# stdout: NUL-terminated records "<type>\t<size>\t<512-byte blocks>\t<mtime s>\t<path relative to it>"
#         (find's %y %s %b %Ts %P; the path itself first, with an empty relative path). Raw bytes.
# stderr: "spoolscope-error: <code>" for a path that cannot be used.
# The path reaches the inner shell as "$1" through xargs, never as shell text.
exec xargs -0 -r -x -n 2 sh -c '
LC_ALL=C TZ=UTC
export LC_ALL TZ
case $2 in ""|*[!0-9]*) echo "spoolscope-error: bad-depth" >&2; exit 2 ;; esac
if [ ! -e "$1" ]; then echo "spoolscope-error: not-found" >&2; exit 2; fi
exec find -H "$1" -maxdepth "$2" -xdev -printf "%y\t%s\t%b\t%Ts\t%P\0"
' spoolscope-sources-list
