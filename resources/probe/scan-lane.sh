# Spoolscope probe: scan-lane
# One stream that scans batch after batch of directories a shallow `scan` already listed, so a scan pays one
# process (one SSH session, one login rc) per lane instead of one per batch; several lanes run side by side.
# stdin:  batches, each one line giving its length in bytes, then that many bytes: NUL-terminated items, the
#         root (absolute) and then up to 63 start directories relative to it, each written "./<path>".
#         The next batch is sent once this one's end record arrived; EOF ends the lane.
# stdout: per batch, records in scan's format for everything below each start directory (not the start
#         itself; paths "./<path relative to root>"), then the record "spoolscope-batch-end\0", which find
#         cannot print (its records start with a digit).
# The items reach the inner shell as arguments through xargs, never as shell text; dd reads exactly one
# batch (fullblock), so the next one stays on stdin.
TZ=UTC
export TZ
# Without a dd that reads whole blocks (an old busybox), a batch would be cut short without a word: refuse,
# and the scan names the directories no lane took.
printf x | dd bs=1 count=1 iflag=fullblock >/dev/null 2>&1 || { echo "spoolscope-error: no-dd-fullblock" >&2; exit 2; }
while IFS= read -r n; do
  case $n in ''|*[!0-9]*) echo "spoolscope-error: bad-batch" >&2; exit 2;; esac
  dd bs="$n" count=1 iflag=fullblock 2>/dev/null | xargs -0 -r -x -n 64 sh -c '
root=$1
shift
cd -- "$root" || { echo "spoolscope-error: not-found" >&2; exit 2; }
buf=
if command -v stdbuf >/dev/null 2>&1; then buf="stdbuf -o 64K"; fi
exec $buf find "$@" -mindepth 1 -xdev -printf "%D %i %y %s %b %n %Ts %p\\0"
' spoolscope-scan-lane
  printf 'spoolscope-batch-end\0'
done
