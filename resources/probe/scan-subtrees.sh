# Spoolscope probe: scan-subtrees
# Scans below directories a shallow `scan` already listed, so several of these can run side by side.
# stdin:  start directories (absolute, on the root's filesystem), each NUL-terminated.
# stdout: for each start directory, a marker record "P <start directory>\0", then one record per entry
#         below it, in scan's format, with paths relative to that start directory.
# The path reaches the inner shell as "$1" through xargs, never as shell text.
exec xargs -0 -r -n 1 sh -c '
TZ=UTC
export TZ
buf=
if command -v stdbuf >/dev/null 2>&1; then buf="stdbuf -o 64K"; fi
printf "P %s\\0" "$1"
exec $buf find "$1" -mindepth 1 -xdev -printf "%D %i %y %s %b %n %Ts %P\\0"
' spoolscope-subtrees
