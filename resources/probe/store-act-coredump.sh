# Spoolscope executor: store-act-coredump
# Unlinks the core dumps a `spoolscope stores` listing found (a `spoolscope act` tool action), each only if
# it is still the file listed: same name, regular file, inode, size and mtime, and open by no process.
# stdin, NUL-terminated: mode ("check" or "run"), the directory's physical path, its device and inode (as
# listed), the count N, then N times: a name in that directory, its inode, size in bytes, mtime (seconds).
# stdout, NUL-terminated fields, records told apart by their first field:
#   M mount                the mount the directory is on (statvfs is measured there)
#   R code reason          refused, nothing was removed: changed
#   F status code name     per file: status "ok" (code "removed", or "would-remove" in check mode) or
#                          "skipped" with a code: changed, gone, in-use, failed
#   K                      every file was answered
# The directory is entered with cd -P and must be the listed one (pwd -P, device, inode); names are used
# relative to it, as "./name" start points of find, whose own tests (type, inode, size) decide the unlink
# in the same process that does it (-delete); the mtime is compared just before. A name is never a pattern.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 sh -c '
refuse() { printf "R\0%s\0%s\0" "$1" "$2"; exit 0; }
bad() { echo "spoolscope-error: bad-input" >&2; exit 2; }
isnum() { case $1 in ""|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
[ "$#" -ge 5 ] || bad
mode=$1 dir=$2 dev=$3 ino=$4 n=$5
shift 5
case $mode in check|run) ;; *) bad ;; esac
isnum "$dev" && isnum "$ino" && isnum "$n" || bad
[ "$#" -eq $((n * 4)) ] || bad
cd -P -- "$dir" 2>/dev/null || refuse changed "the core dump directory is gone or cannot be entered"
p=$(pwd -P; echo x)
p=${p%?x}
[ "$p" = "$dir" ] || refuse changed "the core dump directory resolves elsewhere now (a symlink or a rename on the way)"
[ "$(stat -c "%d %i" . 2>/dev/null)" = "$dev $ino" ] || refuse changed "the core dump directory is another one now"
m=$(df -P . 2>/dev/null | awk "NR > 1 { print \$NF }")
printf "M\0%s\0" "$m"
# The inodes open by any process on this filesystem, once (never one sweep per file).
open=" $(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -printf "%D:%i " 2>/dev/null)"
file() { printf "F\0%s\0%s\0%s\0" "$1" "$2" "$3"; }
while [ "$#" -ge 4 ]; do
  name=$1 fino=$2 fsize=$3 fmtime=$4
  shift 4
  case $name in ""|*/*|.|..) file skipped failed "$name"; continue ;; esac
  isnum "$fino" && isnum "$fsize" && isnum "$fmtime" || { file skipped failed "$name"; continue; }
  if [ ! -e "./$name" ] && [ ! -L "./$name" ]; then file skipped gone "$name"; continue; fi
  if [ -L "./$name" ] || [ ! -f "./$name" ]; then file skipped changed "$name"; continue; fi
  [ "$(stat -c "%i %s %Y" "./$name" 2>/dev/null)" = "$fino $fsize $fmtime" ] || { file skipped changed "$name"; continue; }
  case $open in *" $dev:$fino "*) file skipped in-use "$name"; continue ;; esac
  if [ "$mode" = check ]; then
    r=$(find "./$name" -maxdepth 0 -type f -inum "$fino" -size "${fsize}c" -printf x 2>/dev/null)
    if [ "$r" = x ]; then file ok would-remove "$name"; else file skipped changed "$name"; fi
    continue
  fi
  r=$(find "./$name" -maxdepth 0 -type f -inum "$fino" -size "${fsize}c" -delete -printf x 2>/dev/null)
  if [ "$r" = x ] && [ ! -e "./$name" ]; then file ok removed "$name"
  elif [ "$r" = x ]; then file ok removed "$name"
  elif [ -e "./$name" ] || [ -L "./$name" ]; then
    # find printed nothing: its tests failed (replaced just now) or -delete failed.
    [ "$(stat -c %i "./$name" 2>/dev/null)" = "$fino" ] && file skipped failed "$name" || file skipped changed "$name"
  else file skipped gone "$name"
  fi
done
printf "K\0"
' spoolscope-store-act-coredump
