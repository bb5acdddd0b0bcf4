# Spoolscope executor: store-act-apt-clean
# apt-get clean on the apt cache a `spoolscope stores` listing found (a `spoolscope act` tool action), only
# while no apt or dpkg holds its locks and none runs: a clean under a running install would take the
# packages it is about to unpack.
# stdin, NUL-terminated: mode ("check" or "run"), the cache directory's physical path (apt's Dir::Cache),
# its device and inode (as listed).
# stdout, NUL-terminated fields, records told apart by their first field:
#   M mount                      the mount the cache is on (statvfs is measured there)
#   R code reason pid comm       refused, nothing was run: changed, store-active (a lock held, or apt or
#                                dpkg running: its pid and comm), unavailable, failed
#   K                            check mode: every check passed
#   C exit output                run mode: apt-get's exit code and output (at most 64 KiB)
# Locks checked (each a POSIX or OFD lock in /proc/locks, matched by device and inode): the cache's
# archives/lock, /var/lib/apt/lists/lock, /var/lib/dpkg/lock-frontend, /var/lib/dpkg/lock.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 sh -c '
refuse() { printf "R\0%s\0%s\0%s\0%s\0" "$1" "$2" "${3-}" "${4-}"; exit 0; }
bad() { echo "spoolscope-error: bad-input" >&2; exit 2; }
isnum() { case $1 in ""|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
[ "$#" -eq 4 ] || bad
mode=$1 dir=$2 dev=$3 ino=$4
case $mode in check|run) ;; *) bad ;; esac
isnum "$dev" && isnum "$ino" || bad
command -v apt-get >/dev/null 2>&1 || refuse unavailable "apt-get is not installed on this node"
cd -P -- "$dir" 2>/dev/null || refuse changed "the apt cache directory is gone or cannot be entered"
p=$(pwd -P; echo x)
p=${p%?x}
[ "$p" = "$dir" ] || refuse changed "the apt cache directory resolves elsewhere now (a symlink or a rename on the way)"
[ "$(stat -c "%d %i" . 2>/dev/null)" = "$dev $ino" ] || refuse changed "the apt cache directory is another one now"
m=$(df -P . 2>/dev/null | awk "NR > 1 { print \$NF }")
printf "M\0%s\0" "$m"
comm_of() { c=; { IFS= read -r c < "/proc/$1/comm"; } 2>/dev/null; printf "%s" "$c"; }
# /proc/locks names a file by major:minor:inode, major and minor in hex ("%02x:%02x").
for lock in ./archives/lock /var/lib/apt/lists/lock /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock; do
  set -- $(stat -c "%d %i" "$lock" 2>/dev/null)
  [ "$#" -eq 2 ] || continue
  # st_dev to major and minor, as the kernel splits it (glibc encoding).
  key=$(printf "%02x:%02x:%s" $((($1 >> 8) & 4095)) $((($1 & 255) | (($1 >> 12) & 1048320))) "$2")
  holder=$(awk -v k="$key" "\$2 != \"->\" && \$6 == k { print \$5; exit } \$2 == \"->\" && \$7 == k { print \$6; exit }" /proc/locks 2>/dev/null)
  [ -z "$holder" ] || {
    c=$(comm_of "$holder")
    case $lock in ./*) shown=$p/${lock#./} ;; *) shown=$lock ;; esac
    refuse store-active "$shown is locked by pid $holder ($c): apt or dpkg is running; try again when it has finished" "$holder" "$c"
  }
done
for d in /proc/[0-9]*; do
  c=
  { IFS= read -r c < "$d/comm"; } 2>/dev/null || continue
  case $c in
  apt|apt-get|aptitude|dpkg|unattended-upgr|packagekitd) refuse store-active "$c (pid ${d#/proc/}) is running: try again when it has finished" "${d#/proc/}" "$c" ;;
  esac
done
if [ "$mode" = check ]; then printf "K\0"; exit 0; fi
out=$(apt-get -o "Dir::Cache=$p" clean 2>&1)
code=$?
printf "C\0%s\0%s\0" "$code" "$(printf "%s" "$out" | tail -c 65536)"
' spoolscope-store-act-apt-clean
