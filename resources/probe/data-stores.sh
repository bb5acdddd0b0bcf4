# Spoolscope probe: data-stores
# What data-store detection is judged from (src/main/core/dataStores): the entries of a few locations, the
# processes that hold files there and how, and, in a second run, the first bytes or the text of the files the
# judge picked from the first run's listing. Nothing is changed on the node.
# stdin, NUL-terminated, one of:
#   "spoolscope-data-stores", N, then N pairs: a location (absolute) and the depth to list it to (digits;
#     0: the location itself only, for its device and the holders of files on it);
#   "spoolscope-data-stores-read", N, then N pairs: what to read ("m": the first 8 bytes; "t<bytes>": at
#     most that many bytes of text) and a file (absolute).
# The count lets a split of the input by xargs be refused instead of half-read.
# stdout (listing), NUL-terminated records:
#   "N\t<now, epoch s>"                         the node's clock
#   "Z\t<+hhmm>"                                its UTC offset now (logrotate's state file is in local time)
#   "S\t<i>\t<dev>\t<physical path>"            location i resolved (cd -P), or "S\t<i>\t-\t<why>"
#   "D\t<i>\t<df -B1 header and line>"          statvfs of location i's filesystem
#   "F\t<dev>\t<ino>\t<type>\t<size>\t<512-byte blocks>\t<nlink>\t<mtime s>\t<path>"
#                                               an entry (find -P: symlinks listed, never followed; -xdev), the
#                                               location included; absolute physical path. Container image
#                                               layers under overlay2 are not listed.
#   "O\t<pid>\t<fd>\t<dev>\t<ino>"              an fd of any process on a regular file of a listed device
#   "/proc/<pid>/fdinfo/<fd>:<whole file>"      its flags
#   "/proc/<pid>/comm:<whole file>"             every process's name
#   "/proc/<pid>/cmdline:<one argument>"        the arguments of processes holding such files and of known
#                                               store servers, one record each, in order
#   "/proc/locks:<whole file>"                  flock/POSIX/OFD locks, by major:minor:inode
#   "H\t<count>"                                processes whose fds this user could not read
# stdout (read): "G\t<path>" then a record of od's hex of its first 8 bytes; "T\t<path>" then a record of its
#   text (NUL bytes dropped); a file that cannot be read gives "E\t<path>".
# stderr: "spoolscope-error: bad-input" for input it cannot use; find's own complaints otherwise.
# Inputs reach the inner shell as arguments through xargs, never as shell text; file names go from find or
# printf straight to stdout. No temp files (a full disk), and never one process per fd.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 sh -c '
refuse() { echo "spoolscope-error: $1" >&2; exit 2; }
case $2 in ""|*[!0-9]*) refuse bad-input ;; esac
[ "$#" -eq $(($2 * 2 + 2)) ] || refuse bad-input
TZ=UTC
export TZ
if [ "$1" = spoolscope-data-stores-read ]; then
  shift 2
  while [ "$#" -ge 2 ]; do
    how=$1 f=$2
    shift 2
    case $f in /*) ;; *) continue ;; esac
    if [ ! -f "$f" ] || [ ! -r "$f" ]; then printf "E\t%s\0" "$f"; continue; fi
    case $how in
    m)
      printf "G\t%s\0" "$f"
      head -c 8 -- "$f" 2>/dev/null | od -An -v -tx1
      printf "\0" ;;
    t[0-9]*)
      n=${how#t}
      case $n in *[!0-9]*) continue ;; esac
      printf "T\t%s\0" "$f"
      head -c "$n" -- "$f" 2>/dev/null | tr -d "\000"
      printf "\0" ;;
    esac
  done
  exit 0
fi
[ "$1" = spoolscope-data-stores ] || refuse bad-input
shift 2
printf "N\t%s\0" "$(date +%s)"
printf "Z\t%s\0" "$(date +%z)"
devs=" " i=0
while [ "$#" -ge 2 ]; do
  loc=$1 depth=$2
  shift 2
  case $depth in ""|*[!0-9]*) refuse bad-input ;; esac
  if [ ! -e "$loc" ]; then
    printf "S\t%s\t-\tnot-found\0" "$i"
  elif [ ! -d "$loc" ]; then
    printf "S\t%s\t-\tnot-a-directory\0" "$i"
  elif ! cd -P -- "$loc" 2>/dev/null; then
    printf "S\t%s\t-\tunreadable\0" "$i"
  else
    # pwd prints a newline; x keeps a name that ends in newlines whole through the command substitution.
    p=$(pwd -P; echo x)
    p=${p%?x}
    dev=$(find . -maxdepth 0 -printf "%D" 2>/dev/null)
    printf "S\t%s\t%s\t%s\0" "$i" "$dev" "$p"
    case $devs in *" $dev "*) ;; *) devs="$devs$dev " ;; esac
    printf "D\t%s\t" "$i"
    df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target . 2>/dev/null
    printf "\0"
    # Image layers are container filesystems, not stores: listing them would cost more than all the rest.
    find "$p" -xdev -maxdepth "$depth" \( -path "*/overlay2/*/diff" -o -path "*/overlay2/*/merged" -o -path "*/overlay2/*/work" \) -prune -o -printf "F\t%D\t%i\t%y\t%s\t%b\t%n\t%Ts\t%p\0"
  fi
  i=$((i + 1))
done
fds=$(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -printf "%D:%i:%p\n" 2>/dev/null)
set -f
files= last= n=0 pids=" "
flush() {
  [ -n "$files" ] || return 0
  grep -zH "" $files 2>/dev/null
  files= n=0
}
for w in $fds; do
  dev=${w%%:*}
  case $devs in *" $dev "*) ;; *) continue ;; esac
  rest=${w#*:}
  ino=${rest%%:*}
  p=${rest#*:}
  case $p in /proc/[0-9]*/fd/[0-9]*) ;; *) continue ;; esac
  pid=${p#/proc/}
  pid=${pid%%/*}
  printf "O\t%s\t%s\t%s\t%s\0" "$pid" "${p##*/}" "$dev" "$ino"
  files="$files /proc/$pid/fdinfo/${p##*/}"
  case $pids in *" $pid "*) ;; *) pids="$pids$pid " ;; esac
  n=$((n + 1))
  [ "$n" -lt 500 ] || flush
done
flush
# Globs again from here (set -f kept the fd paths from being globbed): /proc/[0-9]* must expand.
set +f
# The servers whose arguments name their stores, whether or not they hold a file here now.
for d in /proc/[0-9]*; do
  c=
  read -r c 2>/dev/null < "$d/comm" || continue
  case $c in
  postgres|postmaster|mysqld|mariadbd|prometheus|java|dockerd|containerd|kubelet|systemd-journal|clickhouse*|elasticsearch|opensearch|kafka*) pids="$pids${d#/proc/} " ;;
  esac
done
grep -zaH "" /proc/[0-9]*/comm 2>/dev/null
files= n=0
set -f
for pid in $pids; do
  files="$files /proc/$pid/cmdline"
  n=$((n + 1))
  [ "$n" -lt 500 ] || { grep -zaH "" $files 2>/dev/null; files= n=0; }
done
[ -z "$files" ] || grep -zaH "" $files 2>/dev/null
set +f
grep -zH "" /proc/locks 2>/dev/null
hidden=0
for d in /proc/[0-9]*/fd; do
  # One that exited since the glob is not hidden, only gone (root reads every live one).
  [ -r "$d" ] || [ ! -e "$d" ] || hidden=$((hidden + 1))
done
printf "H\t%s\0" "$hidden"
exit 0
' spoolscope-data-stores
