# Spoolscope probe: scan-subtrees
# Scans below directories a shallow `scan` already listed, so several of these can run side by side.
# stdin:  batches of NUL-terminated items: the root (absolute), then up to 63 start directories
#         relative to it, each written "./<path>". Every batch starts with the root again, so xargs
#         cutting the items into 64s gives each find its root.
# stdout: records in scan's format for everything below each start directory (not the start itself);
#         paths are "./<path relative to root>".
# The items reach the inner shell as arguments through xargs, never as shell text.
exec xargs -0 -r -x -n 64 sh -c '
root=$1
shift
cd -- "$root" || { echo "spoolscope-error: not-found" >&2; exit 2; }
TZ=UTC
export TZ
buf=
if command -v stdbuf >/dev/null 2>&1; then buf="stdbuf -o 64K"; fi
exec $buf find "$@" -mindepth 1 -xdev -printf "%D %i %y %s %b %n %Ts %p\\0"
' spoolscope-subtrees
