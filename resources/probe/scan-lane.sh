# Spoolscope probe: scan-lane
# One stream that scans batch after batch of directories, so a scan pays one process (one SSH session, one
# login rc) per lane instead of one per batch; several lanes run side by side. The first lane begins with
# the root pass (the shallow listing that tells the scan which directories to hand out), so the scan's
# first session is also its first lane's.
# stdin:  batches, each one line giving its length in bytes, then that many bytes:
#         "root <len>": the root pass. Items (NUL-terminated): the root (absolute) and the depth to descend,
#           listed exactly as the scan probe lists them (its text runs here, below) with its refusals;
#         "<len>": NUL-terminated items, the root (absolute) and then up to 63 start directories relative to
#           it, each written "./<path>", scanned below each start.
#         The next batch is sent once this one's end record arrived; EOF ends the lane.
# stdout: first the record "spoolscope-cores <n>\0" (the cores this shell may use: the scan runs one lane per
#         core), then per batch its records in scan's format (subtree paths "./<path relative to root>", not
#         the start itself), then the record "spoolscope-batch-end\0". Neither can be a file: find's records
#         start with a digit.
# The items reach the inner shells as arguments through xargs, never as shell text; dd reads exactly one
# batch (fullblock), so the next one stays on stdin.
TZ=UTC
export TZ
# Without a dd that reads whole blocks (an old busybox), a batch would be cut short without a word: refuse
# (the scan then lists the root in one stream instead).
printf x | dd bs=1 count=1 iflag=fullblock >/dev/null 2>&1 || { echo "spoolscope-error: no-dd-fullblock" >&2; exit 2; }
# nproc honours affinity and cgroup quotas.
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)
case $cores in ""|*[!0-9]*) ;; *) printf 'spoolscope-cores %s\0' "$cores" ;; esac
# The scan probe's text (resources/probe/scan.sh), put here when the probes are bundled.
scan_probe='@SCAN_PROBE@'
while IFS= read -r n; do
  pass=
  case $n in 'root '*) pass=root; n=${n#root } ;; esac
  case $n in ''|*[!0-9]*) echo "spoolscope-error: bad-batch" >&2; exit 2;; esac
  if [ "$pass" = root ]; then
    dd bs="$n" count=1 iflag=fullblock 2>/dev/null | sh -c "$scan_probe"
  else
    dd bs="$n" count=1 iflag=fullblock 2>/dev/null | xargs -0 -r -x -n 64 sh -c '
root=$1
shift
cd -- "$root" || { echo "spoolscope-error: not-found" >&2; exit 2; }
buf=
if command -v stdbuf >/dev/null 2>&1; then buf="stdbuf -o 64K"; fi
exec $buf find "$@" -mindepth 1 -xdev -printf "%D %i %y %s %b %n %.12T@ %p\\0"
' spoolscope-scan-lane
  fi
  printf 'spoolscope-batch-end\0'
done
