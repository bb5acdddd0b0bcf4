# Spoolscope executor: store-act-truncate
# Empties a container's active log in place (a `spoolscope act` tool action: Docker json-file, kubelet CRI),
# only while every process that has it open for writing has it with O_APPEND: such a writer's next write
# lands at the new end (offset 0). dockerd reopens the log without O_APPEND after a rotation; a writer like
# that keeps its old offset, and its next write would leave a hole of NUL bytes where the log was.
# stdin, NUL-terminated: mode ("check" or "run"), the directory's physical path, its device and inode, the
# file's name in it, the file's device and inode (as listed).
# stdout, NUL-terminated fields, records told apart by their first field:
#   M mount                     the mount the file is on (statvfs is measured there)
#   R code reason pid comm      refused, nothing was changed: changed, not-append (pid and comm of the
#                               writer), failed; pid and comm empty when no process is named
#   W pid comm append           a process with the file open for writing, append "1" or "0"
#   K blocks                    check mode: every check passed; the file's 512-byte blocks
#   T blocks                    run mode: truncated; its 512-byte blocks just before
# The directory is entered with cd -P and must be the listed one (pwd -P, device, inode); the file is then
# opened relative to it (read-only: opening never creates or changes it) and pinned on fd 3; its device,
# inode and type are checked on the pinned fd; every /proc/PID/fd on the same inode is swept for writers
# and their fdinfo flags; the truncation goes through the pinned fd (/dev/fd/3), so the inode checked is the
# inode truncated. A writer that opens it without O_APPEND between the sweep and the truncation is not seen.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 sh -c '
refuse() { printf "R\0%s\0%s\0%s\0%s\0" "$1" "$2" "${3-}" "${4-}"; exit 0; }
bad() { echo "spoolscope-error: bad-input" >&2; exit 2; }
isnum() { case $1 in ""|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
[ "$#" -eq 7 ] || bad
mode=$1 dir=$2 ddev=$3 dino=$4 name=$5 dev=$6 ino=$7
case $mode in check|run) ;; *) bad ;; esac
isnum "$ddev" && isnum "$dino" && isnum "$dev" && isnum "$ino" || bad
case $name in ""|*/*|.|..) bad ;; esac
cd -P -- "$dir" 2>/dev/null || refuse changed "the container log directory is gone or cannot be entered"
p=$(pwd -P; echo x)
p=${p%?x}
[ "$p" = "$dir" ] || refuse changed "the container log directory resolves elsewhere now (a symlink or a rename on the way)"
[ "$(stat -c "%d %i" . 2>/dev/null)" = "$ddev $dino" ] || refuse changed "the container log directory is another one now"
[ -f "./$name" ] && [ ! -L "./$name" ] || refuse changed "the log is gone or no longer a regular file"
{ command exec 3<"./$name"; } 2>/dev/null || refuse failed "the log could not be opened"
set -- $(stat -L -c "%d %i %f %b" /dev/fd/3 2>/dev/null)
[ "$#" -eq 4 ] || refuse failed "the log could not be checked"
[ "$1 $2" = "$dev $ino" ] || refuse changed "the log is another file now (device and inode $1 $2, listed $dev $ino): it was rotated or replaced since the listing"
[ $((0x$3 & 61440)) -eq 32768 ] || refuse changed "the log is no longer a regular file"
blocks=$4
m=$(df -P . 2>/dev/null | awk "NR > 1 { print \$NF }")
printf "M\0%s\0" "$m"
# Every fd on this inode, of every process: find follows each /proc/PID/fd link and compares device and
# inode with our pinned fd (-samefile). Our own fd 3 is read-only, so it is never counted as a writer.
noappend= napid= nacomm=
for l in $(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -samefile /dev/fd/3 2>/dev/null); do
  case $l in /proc/[0-9]*/fd/[0-9]*) ;; *) continue ;; esac
  pid=${l#/proc/}; pid=${pid%%/*}; fd=${l##*/}
  flags=
  while read -r k v; do [ "$k" = flags: ] && flags=$v; done 2>/dev/null < "/proc/$pid/fdinfo/$fd"
  comm=
  { IFS= read -r comm < "/proc/$pid/comm"; } 2>/dev/null
  # An fd that closed since the sweep listed it: not a writer any more.
  [ -n "$flags" ] || { [ -e "$l" ] || continue; refuse not-append "the open flags of pid $pid fd $fd could not be read: whether it appends is unknown" "$pid" "$comm"; }
  acc=$((0$flags & 3))
  [ "$acc" -ne 0 ] || continue
  app=0
  [ $((0$flags & 1024)) -eq 0 ] || app=1
  printf "W\0%s\0%s\0%s\0" "$pid" "$comm" "$app"
  [ "$app" = 1 ] || [ -n "$noappend" ] || { noappend=1 napid=$pid nacomm=$comm; }
done
[ -z "$noappend" ] || refuse not-append "pid $napid ($nacomm) writes the log without O_APPEND (dockerd reopens it so after a rotation): truncating now would leave NUL bytes before its next write; restart the container or wait for its next rotation" "$napid" "$nacomm"
if [ "$mode" = check ]; then printf "K\0%s\0" "$blocks"; exit 0; fi
{ command : >/dev/fd/3; } 2>/dev/null || refuse failed "the truncation failed (a read-only filesystem?)"
printf "T\0%s\0" "$blocks"
' spoolscope-store-act-truncate
