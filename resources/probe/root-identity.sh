# Spoolscope probe: root-identity
# A configured root's physical identity, read when the root is added: where it physically is and which
# directory on which mount that is, so a later reap plan can refuse a root that is no longer the directory
# that was configured (replaced, turned into a symlink, mounted over). Resolved exactly as reap-facts.sh
# resolves the configured roots (cd -P, find's %D %i, the mount id from fdinfo, pwd -P), so the two compare.
# stdin:  NUL-terminated: "spoolscope-root-identity", the root (absolute).
# stdout: "I\t<dev>\t<ino>\t<mount id>\t<physical path>\0", or nothing when the root does not exist (yet).
# stderr: "spoolscope-error: <code>": not-found (nothing at that path), unreachable (behind a directory this
#         user cannot search), not-a-directory, unreadable, no-mount-id (a kernel without fdinfo mnt_id),
#         bad-input.
# Inputs reach the inner shell as arguments through xargs, never as shell text. No temp files (a full disk).
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 65536 sh -c '
refuse() { echo "spoolscope-error: $1" >&2; exit 2; }
[ "$#" -eq 2 ] && [ "$1" = spoolscope-root-identity ] || refuse bad-input
root=$2
case $root in /*) ;; *) refuse bad-input ;; esac
if [ ! -e "$root" ]; then
  d=$root
  while [ "$d" != / ] && [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
  if [ -d "$d" ] && [ ! -x "$d" ]; then refuse unreachable; else refuse not-found; fi
fi
[ -d "$root" ] || refuse not-a-directory
cd -P -- "$root" 2>/dev/null || refuse unreadable
id=$(find . -maxdepth 0 -printf "%D %i" 2>/dev/null) || refuse unreadable
dev=${id% *} ino=${id#* }
case $dev$ino in ""|*[!0-9]*) refuse unreadable ;; esac
# The mount id of the current directory: a grep whose fd 3 is opened on "." reads its own fdinfo.
m=$(grep -h "^mnt_id:" /proc/self/fdinfo/3 3<. 2>/dev/null)
m=${m##*[!0-9]}
[ -n "$m" ] || refuse no-mount-id
# pwd prints a newline, x guards trailing newlines of the name itself from the command substitution.
p=$(pwd -P; echo x)
p=${p%?x}
printf "I\t%s\t%s\t%s\t%s\0" "$dev" "$ino" "$m" "$p"
' spoolscope-root-identity
