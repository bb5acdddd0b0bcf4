# Spoolscope probe: scan
# stdin:  the root path (absolute), then the depth to descend ("all", or 0-99), each NUL-terminated.
# stdout: one record per entry under the root, on its filesystem only:
#         "<dev> <ino> <type> <size> <512-byte blocks> <nlink> <mtime s.fraction, 12 chars> <path relative to root>\0"
# stderr: "spoolscope-error: <code>" for a root that cannot be scanned; find's own messages otherwise.
# The inputs reach the inner shell as "$1" "$2" through xargs, never as shell text.
exec xargs -0 -r -n 2 sh -c '
root=$1
depth=$2
case $depth in
  all) set -- ;;
  [0-9]|[0-9][0-9]) set -- -maxdepth "$depth" ;;
  *) echo "spoolscope-error: bad-depth" >&2; exit 2 ;;
esac
if [ ! -e "$root" ]; then
  # Missing, or behind a directory this user cannot search: say which.
  d=$root
  while [ "$d" != / ] && [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
  if [ -d "$d" ] && [ ! -x "$d" ]; then echo "spoolscope-error: unreachable" >&2; else echo "spoolscope-error: not-found" >&2; fi
  exit 2
fi
if [ ! -d "$root" ]; then echo "spoolscope-error: not-a-directory" >&2; exit 2; fi
if [ ! -r "$root" ] || [ ! -x "$root" ]; then echo "spoolscope-error: unreadable" >&2; exit 2; fi
# The mtime is %.12T@: epoch seconds, a dot and a fraction the parser drops, cut to 12 chars. %Ts would run
# strftime with "%s", a mktime per file (about 0.5 s of CPU a million files), and the cut fraction is 11 bytes
# less a record to write and read (about 0.4 s more). Until 2286 the whole seconds always fit; past 5138 they
# are cut to their first 12 digits, a time still past 5138 and the newest of all. TZ=UTC keeps find from
# re-reading /etc/localtime per file.
TZ=UTC
export TZ
# Into a pipe find writes every 4 KiB; a pipe-sized stdio buffer (coreutils stdbuf) cuts those writes 16x.
buf=
if command -v stdbuf >/dev/null 2>&1; then buf="stdbuf -o 64K"; fi
exec $buf find -H "$root" -xdev "$@" -printf "%D %i %y %s %b %n %.12T@ %P\\0"
' spoolscope-scan
