# Spoolscope probe: reap-facts
# What a reap plan is built from, read fresh on the node: where the root and the node's configured roots
# physically are, every entry under the root with its identity, the mount points under it, which of those
# inodes a process holds open (and how), and which are locked.
# stdin:  NUL-terminated: "spoolscope-reap-facts", the number N of configured roots, the root (absolute), then
#         the N configured roots of the node (absolute). The count lets a split of the input by xargs be
#         refused instead of half-read.
# stdout: NUL-terminated records:
#   "C\t<i>\t<dev>\t<ino>\t<mount id>\t<physical path>"   configured root i (0-based) resolved (cd -P), or
#   "C\t<i>\t-"                                           when it cannot be resolved (it grants no scope)
#   "R\t<dev>\t<ino>\t<mount id>\t<physical root>"       the root with symlinks resolved (cd -P): plans and the
#                                              executor only ever use this path, so no symlink above it is followed later
#   "X\t<code>"                                the root is refused and nothing under it is listed (the records
#                                              below are absent): "system-directory" (/, /usr, /etc... themselves)
#                                              or "outside-roots" (not inside the physical path of any configured
#                                              root that is not itself a system directory)
#   "S\t<df -B1 header and line>"              statvfs of the root's filesystem (df's columns, as the df probe)
#   "M\t<mount id>\t<path relative to the root>"  a mount point under the root (from mountinfo, before and again
#                                              after the listing: one mounted meanwhile is reported too)
#   "F\t<dev>\t<ino>\t<type>\t<size>\t<512-byte blocks>\t<nlink>\t<mtime s>\t<path relative to the root>"
#                                              every entry under the root (find -P: a symlink is listed as "l",
#                                              never followed; a mount point, of this filesystem too, is listed and
#                                              never descended: pruned by its path)
#   "O\t<pid>\t<fd>\t<ino>"                    an fd of any process whose target is a regular file on the root's
#                                              device (find -L stats the target)
#   "/proc/<pid>/fdinfo/<fd>:<whole file>"     flags of each of those fds (open for writing or not)
#   "/proc/<pid>/comm:<whole file>"            the process name, once per process
#   "/proc/locks:<whole file>"                 flock/POSIX/OFD locks, by major:minor:inode
#   "H\t<count>"                               processes whose fds this user could not read
# stderr: "spoolscope-error: <code>" for a root that cannot be used (not-found, unreachable, not-a-directory,
#         unreadable, no-mount-id, bad-input); other messages otherwise.
# Mount identity is the mount id (the kernel's, as in /proc/self/mountinfo), read from the fdinfo of an fd
# opened on the directory: a bind mount of the same filesystem has the same device number, never the same id.
# Inputs reach the inner shell as arguments through xargs, never as shell text. Only /proc paths (digits and
# slashes) are split by the shell; file names go from find straight to stdout. No temp files (a full disk),
# and never one process per fd: fdinfo and comm are read by one grep per 500 fds.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 sh -c '
refuse() { echo "spoolscope-error: $1" >&2; exit 2; }
[ "$1" = spoolscope-reap-facts ] || refuse bad-input
case $2 in ""|*[!0-9]*) refuse bad-input ;; esac
[ "$#" -eq $(($2 + 3)) ] || refuse bad-input
ncfg=$2 root=$3
shift 3
TZ=UTC
export TZ
tab=$(printf "\t")
nl="
"
# pwd prints a newline, x guards trailing newlines of the name itself from the command substitution.
physwd() { p=$(pwd -P; echo x); p=${p%?x}; }
# The mount id of the current directory: a grep whose fd 3 is opened on "." reads its own fdinfo.
mntid() { m=$(grep -h "^mnt_id:" /proc/self/fdinfo/3 3<. 2>/dev/null); m=${m##*[!0-9]}; }
# Sets dev, ino, m and p for the current directory; returns 1 when its identity cannot be read, 2 when the
# kernel gives no mount id (fdinfo has mnt_id since Linux 3.15).
here() {
  id=$(find . -maxdepth 0 -printf "%D %i" 2>/dev/null) || return 1
  dev=${id% *} ino=${id#* }
  case $dev$ino in ""|*[!0-9]*) return 1 ;; esac
  mntid
  [ -n "$m" ] || return 2
  physwd
}
# / and the system directories themselves (not what is below them: /var/log stays allowed).
sysdir() {
  case $1 in
  /|/bin|/boot|/dev|/etc|/proc|/run|/sbin|/sys|/usr|/var) return 0 ;;
  /lib*/*) return 1 ;;
  /lib*) return 0 ;;
  esac
  return 1
}
# mountinfo writes space, tab, newline and backslash in a mount point as \ooo (sets u).
unmangle() {
  s=$1 u=
  while :; do
    case $s in
    *\\*)
      u=$u${s%%\\*}
      s=${s#*\\}
      case $s in
      040*) u="$u " s=${s#???} ;;
      011*) u="$u$tab" s=${s#???} ;;
      012*) u="$u$nl" s=${s#???} ;;
      134*) u="$u\\" s=${s#???} ;;
      *) u="$u\\" ;;
      esac ;;
    *) u=$u$s; return ;;
    esac
  done
}
# fnmatch pattern matching exactly the text in $1 (sets pat): find -path prunes a mount point by it.
globesc() {
  pat= s=$1
  case $s in *[][*?\\]*) ;; *) pat=$s; return ;; esac
  while [ -n "$s" ]; do
    c=${s%"${s#?}"}
    s=${s#?}
    case $c in [][*?\\]) pat="$pat\\$c" ;; *) pat="$pat$c" ;; esac
  done
}
# The configured roots, resolved in this same run: the scope is judged on physical paths.
i=0
for c do
  if cd -P -- "$c" 2>/dev/null && here; then
    printf "C\t%s\t%s\t%s\t%s\t%s\0" "$i" "$dev" "$ino" "$m" "$p"
    eval "cfg_$i=\$p"
  else
    printf "C\t%s\t-\0" "$i"
  fi
  i=$((i + 1))
done
if [ ! -e "$root" ]; then
  d=$root
  while [ "$d" != / ] && [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
  if [ -d "$d" ] && [ ! -x "$d" ]; then refuse unreachable; else refuse not-found; fi
fi
[ -d "$root" ] || refuse not-a-directory
cd -P -- "$root" 2>/dev/null || refuse unreadable
here
case $? in 0) ;; 2) refuse no-mount-id ;; *) refuse unreadable ;; esac
rootdev=$dev phys=$p
printf "R\t%s\t%s\t%s\t%s\0" "$dev" "$ino" "$m" "$phys"
if sysdir "$phys"; then printf "X\tsystem-directory\0"; exit 0; fi
inside=no i=0
while [ "$i" -lt "$ncfg" ]; do
  eval "c=\${cfg_$i-}"
  i=$((i + 1))
  # A configured root that resolves to / or a system directory (replaced by a symlink?) grants nothing.
  [ -n "$c" ] && ! sysdir "$c" || continue
  case $phys in "$c"|"$c"/*) inside=yes; break ;; esac
done
if [ "$inside" != yes ]; then printf "X\toutside-roots\0"; exit 0; fi
printf "S\t"
df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target . 2>/dev/null
printf "\0"
# Every mount point strictly under the root, pruned by its path: find -xdev alone would enter a bind mount
# of this same filesystem (it compares device numbers only).
set --
while read -r mid par mm mr mp rest; do
  case $mp in *\\*) unmangle "$mp"; mp=$u ;; esac
  case $mp in "$phys"/?*) ;; *) continue ;; esac
  rel=${mp#"$phys"/}
  printf "M\t%s\t%s\0" "$mid" "$rel"
  globesc "./$rel"
  [ "$#" -eq 0 ] || set -- "$@" -o
  set -- "$@" -path "$pat"
done < /proc/self/mountinfo
[ "$#" -eq 0 ] || set -- "(" "$@" ")" -prune
find . -xdev -mindepth 1 -printf "F\t%D\t%i\t%y\t%s\t%b\t%n\t%Ts\t%P\0" "$@"
# Mounted while find ran: reported too, so the partition holding it is skipped.
while read -r mid par mm mr mp rest; do
  case $mp in *\\*) unmangle "$mp"; mp=$u ;; esac
  case $mp in "$phys"/?*) printf "M\t%s\t%s\0" "$mid" "${mp#"$phys"/}" ;; esac
done < /proc/self/mountinfo
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
  # One that exited since the glob is not hidden, only gone (root reads every live one).
  [ -r "$d" ] || [ ! -e "$d" ] || hidden=$((hidden + 1))
done
printf "H\t%s\0" "$hidden"
exit 0
' spoolscope-reap-facts
