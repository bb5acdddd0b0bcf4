# Spoolscope executor: store-act-journald
# journald's own vacuum of a journal directory (a `spoolscope act` tool action). Journal files are never
# unlinked here: journalctl --vacuum deallocates each archived file before unlinking it, so its blocks come
# back even while a reader (rsyslog's imjournal, fluent-bit, journald itself) still holds it open.
# stdin, NUL-terminated: mode ("check" or "run"), the directory's physical path, its device and inode (as
# listed), the --vacuum-size value or "-", the --vacuum-time value or "-", rotate ("1": journalctl --rotate
# first, which asks the running journald to archive its active files; "0" not).
# stdout, NUL-terminated fields, records told apart by their first field:
#   M mount            the mount the directory is on (statvfs is measured there)
#   R code reason      refused (nothing was run): changed, unavailable, failed
#   K                  check mode: every check passed
#   C exit output      run mode: journalctl's exit code and its output (stdout and stderr, at most 64 KiB)
# The directory is entered with cd -P and must then be the listed one (pwd -P, device, inode); journalctl
# is given "." (the held directory), so a path swapped after the check is never followed.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 sh -c '
refuse() { printf "R\0%s\0%s\0" "$1" "$2"; exit 0; }
[ "$#" -eq 7 ] || { echo "spoolscope-error: bad-input" >&2; exit 2; }
mode=$1 dir=$2 dev=$3 ino=$4 size=$5 time=$6 rotate=$7
case $mode in check|run) ;; *) echo "spoolscope-error: bad-input" >&2; exit 2 ;; esac
case $size in -) ;; ""|[!0-9]*|*[!0-9KMGT]*) echo "spoolscope-error: bad-input" >&2; exit 2 ;; esac
case $time in -) ;; ""|*[!0-9a-z]*) echo "spoolscope-error: bad-input" >&2; exit 2 ;; esac
case $rotate in 0|1) ;; *) echo "spoolscope-error: bad-input" >&2; exit 2 ;; esac
[ "$size$time" != -- ] || { echo "spoolscope-error: bad-input" >&2; exit 2; }
command -v journalctl >/dev/null 2>&1 || refuse unavailable "journalctl is not installed on this node"
cd -P -- "$dir" 2>/dev/null || refuse changed "the journal directory is gone or cannot be entered"
p=$(pwd -P; echo x)
p=${p%?x}
[ "$p" = "$dir" ] || refuse changed "the journal directory resolves elsewhere now (a symlink or a rename on the way)"
id=$(stat -c "%d %i" . 2>/dev/null)
[ "$id" = "$dev $ino" ] || refuse changed "the journal directory is another one now (device and inode $id, listed $dev $ino)"
m=$(df -P . 2>/dev/null | awk "NR > 1 { print \$NF }")
printf "M\0%s\0" "$m"
if [ "$mode" = check ]; then printf "K\0"; exit 0; fi
if [ "$rotate" = 1 ]; then
  out=$(journalctl --rotate 2>&1) || refuse failed "journalctl --rotate failed (is journald running?): $(printf "%s" "$out" | head -c 4096)"
fi
set --
[ "$size" = - ] || set -- "$@" "--vacuum-size=$size"
[ "$time" = - ] || set -- "$@" "--vacuum-time=$time"
out=$(journalctl --directory=. "$@" 2>&1)
code=$?
printf "C\0%s\0%s\0" "$code" "$(printf "%s" "$out" | tail -c 65536)"
' spoolscope-store-act-journald
