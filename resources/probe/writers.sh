# Spoolscope probe: writers
# Which processes have given files open, and with what flags (the caller keeps those open for writing).
# stdin:  NUL-terminated file paths (absolute).
# stdout: NUL-terminated records:
#   "I\t<st_dev>:<ino>\t<path as given>"      identity of each file (empty when it could not be stat'ed)
#   "O\t<st_dev>:<ino>\t/proc/<pid>/fd/<n>"   an fd of any process open on one of those files
#   "/proc/<pid>/fdinfo/<n>:<whole file>"     flags (octal) of each of those fds
#   "/proc/<pid>/comm:<whole file>"           the process name
# The paths reach the inner shell as arguments through xargs, never as shell text. Only /proc paths (digits
# and slashes) and dev:ino numbers go through shell variables; file names go from printf straight to stdout.
exec xargs -0 -r -x -s 1000000 sh -c '
LC_ALL=C
export LC_ALL
ids=" "
for f; do
  id=$(find "$f" -maxdepth 0 -printf "%D:%i" 2>/dev/null)
  printf "I\t%s\t%s\0" "$id" "$f"
  [ -n "$id" ] && ids="$ids$id "
done
[ "$ids" = " " ] && exit 0
fds=$(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -printf "%D:%i:%p\n" 2>/dev/null)
set -f
files=
for w in $fds; do
  id=${w%%:/proc/*}
  case $ids in *" $id "*) ;; *) continue ;; esac
  p=/proc/${w#*:/proc/}
  case $p in /proc/[0-9]*/fd/[0-9]*) ;; *) continue ;; esac
  printf "O\t%s\t%s\0" "$id" "$p"
  pid=${p#/proc/}
  pid=${pid%%/*}
  files="$files /proc/$pid/fdinfo/${p##*/} /proc/$pid/comm"
done
[ -n "$files" ] && grep -zH "" $files 2>/dev/null
exit 0
' spoolscope-writers
