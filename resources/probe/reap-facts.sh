# Spoolscope probe: reap-facts
# What a reap plan is built from, read fresh on the node: every entry under a root with its identity, which
# of those inodes a process holds open (and how), and which are locked.
# stdin:  the root (absolute), NUL-terminated.
# stdout: NUL-terminated records:
#   "R\t<dev>\t<ino>\t<physical root>"        the root with symlinks resolved (cd -P): plans and the executor
#                                              only ever use this path, so no symlink above it is followed later
#   "S\t<df -B1 header and line>"              statvfs of the root's filesystem (df's columns, as the df probe)
#   "F\t<dev>\t<ino>\t<type>\t<size>\t<512-byte blocks>\t<nlink>\t<mtime s>\t<path relative to the root>"
#                                              every entry under the root (find -P: a symlink is listed as "l",
#                                              never followed; a mount point is listed, never descended)
#   "O\t<pid>\t<fd>\t<ino>"                    an fd of any process whose target is a regular file on the root's
#                                              device (find -L stats the target)
#   "/proc/<pid>/fdinfo/<fd>:<whole file>"     flags of each of those fds (open for writing or not)
#   "/proc/<pid>/comm:<whole file>"            the process name, once per process
#   "/proc/locks:<whole file>"                 flock/POSIX/OFD locks, by major:minor:inode
#   "H\t<count>"                               processes whose fds this user could not read
# stderr: "spoolscope-error: <code>" for a root that cannot be used; other messages otherwise.
# The root reaches the inner shell as "$1" through xargs, never as shell text. Only /proc paths (digits and
# slashes) are split by the shell; file names go from find straight to stdout. No temp files (a full disk),
# and never one process per fd: fdinfo and comm are read by one grep per 500 fds.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -n 1 sh -c '
root=$1
if [ ! -e "$root" ]; then
  d=$root
  while [ "$d" != / ] && [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
  if [ -d "$d" ] && [ ! -x "$d" ]; then echo "spoolscope-error: unreachable" >&2; else echo "spoolscope-error: not-found" >&2; fi
  exit 2
fi
if [ ! -d "$root" ]; then echo "spoolscope-error: not-a-directory" >&2; exit 2; fi
cd -P -- "$root" 2>/dev/null || { echo "spoolscope-error: unreadable" >&2; exit 2; }
TZ=UTC
export TZ
id=$(find . -maxdepth 0 -printf "%D %i") || { echo "spoolscope-error: unreadable" >&2; exit 2; }
set -- $id
rootdev=$1
# pwd prints a newline, x guards trailing newlines of the name itself from the command substitution.
phys=$(pwd -P; echo x)
phys=${phys%?x}
printf "R\t%s\t%s\t%s\0" "$rootdev" "$2" "$phys"
printf "S\t"
df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target . 2>/dev/null
printf "\0"
find . -mindepth 1 -xdev -printf "F\t%D\t%i\t%y\t%s\t%b\t%n\t%Ts\t%P\0"
fds=$(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -printf "%D:%i:%p\n" 2>/dev/null)
set -f
files= last= n=0
flush() {
  [ -n "$files" ] || return 0
  grep -zH "" $files 2>/dev/null
  files= last= n=0
}
for w in $fds; do
  case $w in
  "$rootdev":*:/proc/*/fd/*)
    rest=${w#*:}
    ino=${rest%%:*}
    p=${rest#*:}
    pid=${p#/proc/}
    pid=${pid%%/*}
    printf "O\t%s\t%s\t%s\0" "$pid" "${p##*/}" "$ino"
    files="$files /proc/$pid/fdinfo/${p##*/}"
    [ "$pid" = "$last" ] || files="$files /proc/$pid/comm"
    last=$pid
    n=$((n + 1))
    [ "$n" -lt 500 ] || flush ;;
  esac
done
flush
set +f
grep -zH "" /proc/locks 2>/dev/null
# Processes whose fds this user cannot read (of another user, when not root): their writers are invisible.
hidden=0
for d in /proc/[0-9]*/fd; do
  [ -r "$d" ] || hidden=$((hidden + 1))
done
printf "H\t%s\0" "$hidden"
exit 0
' spoolscope-reap-facts
