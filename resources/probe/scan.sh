# Spoolscope probe: scan
# stdin:  one root path, NUL-terminated (absolute).
# stdout: one record per entry under the root, on its filesystem only:
#         "<dev> <ino> <type> <size> <512-byte blocks> <nlink> <mtime s> <path relative to root>\0"
# stderr: "spoolscope-error: <code>" for a root that cannot be scanned; find's own messages otherwise.
# The path reaches the inner shell as "$1" through xargs, never as shell text.
exec xargs -0 -r -n 1 sh -c '
root=$1
if [ ! -e "$root" ]; then
  # Missing, or behind a directory this user cannot search: say which.
  d=$root
  while [ "$d" != / ] && [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
  if [ -d "$d" ] && [ ! -x "$d" ]; then echo "spoolscope-error: unreachable" >&2; else echo "spoolscope-error: not-found" >&2; fi
  exit 2
fi
if [ ! -d "$root" ]; then echo "spoolscope-error: not-a-directory" >&2; exit 2; fi
if [ ! -r "$root" ] || [ ! -x "$root" ]; then echo "spoolscope-error: unreadable" >&2; exit 2; fi
# %Ts with TZ unset makes find re-read /etc/localtime per file (3x slower); epoch seconds need no zone.
TZ=UTC
export TZ
# Into a pipe find writes every 4 KiB; a pipe-sized stdio buffer (coreutils stdbuf) cuts those writes 16x.
buf=
if command -v stdbuf >/dev/null 2>&1; then buf="stdbuf -o 64K"; fi
exec $buf find -H "$root" -xdev -printf "%D %i %y %s %b %n %Ts %P\\0"
' spoolscope-scan
