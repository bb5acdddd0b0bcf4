# Spoolscope probe: sample (the live watch's periodic measurement; cheap: no walk of the root unless asked)
# stdin:  NUL-terminated: the root; the number of minutes to look back for changed files (0: do not look,
#         the caller knows what changed); a find -lname pattern matching link targets under the root (""
#         to skip looking for writers); the number of pids N; N pids; then the paths to measure (absolute,
#         under the root).
# stdout: NUL-terminated records:
#   "T\t<ns since the epoch>"            the node's clock just before df (rates need when, not when received)
#   "DF\n<df header>\n<df line>\n"      the root's filesystem, as the df probe prints it
#   "<allocated bytes>\t<path>"          du -s of each path to measure (files and partition directories)
#   "N\t<512-byte blocks>\t<path>"       files changed in the last minutes (when asked); raw bytes
#   "W\t/proc/<pid>/fd"                  a process with an fd open on a file under the root (when asked)
#   "/proc/<pid>/io:<whole file>"        io (write_bytes), status (VmRSS) and comm of each pid
# The inputs reach the inner shell as arguments through xargs, never as shell text; -x makes an input too
# long for one command line an error instead of a second, misread run.
exec xargs -0 -r -x -s 1000000 sh -c '
LC_ALL=C
export LC_ALL
root=$1 recent=$2 pattern=$3 npids=$4
shift 4
case $recent in ""|*[!0-9]*) echo "spoolscope-error: bad-minutes" >&2; exit 2 ;; esac
case $npids in ""|*[!0-9]*) echo "spoolscope-error: bad-pids" >&2; exit 2 ;; esac
if [ ! -d "$root" ]; then echo "spoolscope-error: not-found" >&2; exit 2; fi
procs=
while [ "$npids" -gt 0 ]; do
  case $1 in ""|*[!0-9]*) ;; *) procs="$procs /proc/$1/io /proc/$1/status /proc/$1/comm" ;; esac
  shift
  npids=$((npids - 1))
done
printf "T\t%s\0" "$(date +%s%N)"
printf "DF\n"
df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target -- "$root"
printf "\0"
# Paths that vanished (rotated away) are just missing from the output; their complaints are dropped.
if [ $# -gt 0 ]; then du -s -B1 -0 -x -- "$@" 2>/dev/null; fi
if [ "$recent" -gt 0 ]; then find -H "$root" -xdev -type f -mmin "-$recent" -printf "N\t%b\t%p\0" 2>/dev/null; fi
if [ -n "$pattern" ]; then find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -lname "$pattern" -printf "W\t%h\0" 2>/dev/null; fi
set -f
if [ -n "$procs" ]; then grep -zH "" $procs 2>/dev/null; fi
exit 0
' spoolscope-sample
