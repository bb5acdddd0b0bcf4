# Spoolscope executor: truncate-held
# stdin:  per entry five NUL-terminated fields: pid, fd, expected dev, expected inode, expected process
#         start time (field 22 of /proc/PID/stat). Every field is decimal digits.
# stdout: per entry one record of five NUL-terminated fields: pid, fd, "ok" or "skipped", a code
#         ("truncated" when ok), the file's 512-byte blocks just before truncating ("-" when unknown).
#         Skip codes: bad-input process-gone process-changed no-access fd-gone not-regular not-same-file
#                     not-deleted mapped maps-unreadable open-failed truncate-failed.
# Never signals or restarts a process. Inputs reach the inner shell as arguments through xargs, never as
# shell text, and no path is read from anywhere: the only file names used are built from the digits.
# 100 entries per shell; -x makes xargs fail rather than split a batch, so an entry's five fields never
# straddle two shells (500 short numbers are far below the argument size limit).
# Per entry only two programs run (stat, awk): a process start costs about 7 ms on a small VM, and an
# operator may reclaim thousands of fds. Everything else is a shell builtin.
exec xargs -0 -r -x -n 500 sh -c '
set -f
out() { printf "%s\0%s\0%s\0%s\0%s\0" "$1" "$2" "$3" "$4" "$5"; }
isnum() { case $1 in ""|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
# Sets now to field 22 of /proc/PID/stat. comm (field 2) may hold spaces or parens: only the text after
# the last ")" splits cleanly, and there the start time is the 20th word. A comm with a newline cuts the
# line short; now is then wrong and the entry is skipped as changed, which is safe.
start_time() {
  now=
  read -r s 2>/dev/null <"/proc/$1/stat" || return 1
  s=${s##*)}
  set -- $s
  [ $# -ge 20 ] || return 0
  shift 19
  now=$1
}
# Checks the file open on our fd 3; sets code on failure, blocks on success.
identity() {
  id=$(stat -L -c "%d %i %h %b %f" /dev/fd/3 2>/dev/null) || { code=fd-gone; return 1; }
  set -- $id
  [ $# -eq 5 ] || { code=fd-gone; return 1; }
  [ "$1" = "$dev" ] && [ "$2" = "$ino" ] || { code=not-same-file; return 1; }
  [ "$3" = 0 ] || { code=not-deleted; return 1; }
  # %f is the raw mode in hex: S_IFMT is 0170000 (61440), S_IFREG 0100000 (32768).
  [ $((0x$5 & 61440)) -eq 32768 ] || { code=not-regular; return 1; }
  blocks=$4
}
# Truncating a file the process has mapped makes its next access to the mapping SIGBUS.
act() {
  identity || return 1
  start_time "$pid"
  [ "$now" = "$st" ] || { code=process-changed; return 1; }
  awk -v ino="$ino" '"'"'$5 == ino && / \(deleted\)$/ { f = 1 } END { exit f ? 0 : 1 }'"'"' "/proc/$pid/maps" 2>/dev/null
  case $? in
    0) code=mapped; return 1 ;;
    1) ;;
    *) code=maps-unreadable; return 1 ;;
  esac
  # /dev/fd/3 is our own fd 3: opening it with O_TRUNC truncates the pinned inode, and needs no free space.
  { command : >/dev/fd/3; } 2>/dev/null || { code=truncate-failed; return 1; }
  code=truncated
}
entry() {
  pid=$1 fd=$2 dev=$3 ino=$4 st=$5
  if ! isnum "$pid" || ! isnum "$fd" || ! isnum "$dev" || ! isnum "$ino" || ! isnum "$st"; then
    out "$pid" "$fd" skipped bad-input -; return
  fi
  link=/proc/$pid/fd/$fd
  start_time "$pid" || { out "$pid" "$fd" skipped process-gone -; return; }
  [ "$now" = "$st" ] || { out "$pid" "$fd" skipped process-changed -; return; }
  # The fds of another user are hidden from us: say so rather than calling the fd closed.
  [ -x "/proc/$pid/fd" ] || { out "$pid" "$fd" skipped no-access -; return; }
  [ -e "$link" ] || { out "$pid" "$fd" skipped fd-gone -; return; }
  # Only a regular file is ever opened: never a FIFO or a device. Read-write, so a fd re-pointed at a
  # FIFO in the instant between this test and the open still does not block.
  [ -f "$link" ] || { out "$pid" "$fd" skipped not-regular -; return; }
  # Pin the inode on our fd 3: the identity checked is then the identity truncated, whatever the process
  # does with its own fd meanwhile. "command" keeps a failed open from ending the shell.
  { command exec 3<>"$link"; } 2>/dev/null || { out "$pid" "$fd" skipped open-failed -; return; }
  blocks=-
  if act; then out "$pid" "$fd" ok truncated "$blocks"; else out "$pid" "$fd" skipped "$code" -; fi
  exec 3<&-
}
while [ $# -ge 5 ]; do
  entry "$1" "$2" "$3" "$4" "$5"
  shift 5
done
if [ $# -gt 0 ]; then out "${1:--}" "${2:--}" skipped bad-input -; fi
' spoolscope-truncate-held
