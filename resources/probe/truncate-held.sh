# Spoolscope executor: truncate-held
# stdin:  per entry five NUL-terminated fields: pid, fd, expected dev, expected inode, expected process
#         start time (field 22 of /proc/PID/stat). Every field is decimal digits.
# stdout: per entry one record of five NUL-terminated fields: pid, fd, "ok" or "skipped", a code
#         ("truncated" when ok), the file's 512-byte blocks just before truncating ("-" when unknown).
#         Skip codes: bad-input process-gone process-changed no-access fd-gone not-same-file not-deleted
#                     not-regular mapped maps-unreadable open-failed truncate-failed.
# Never signals or restarts a process. Inputs reach the inner shell as arguments through xargs, never as
# shell text, and no path is read from anywhere: the only file names used are built from the digits.
# 100 entries per shell; -x makes xargs fail rather than split a batch, so an entry's five fields never
# straddle two shells (500 short numbers are far below the argument size limit).
exec xargs -0 -r -x -n 500 sh -c '
set -f
out() { printf "%s\0%s\0%s\0%s\0%s\0" "$1" "$2" "$3" "$4" "$5"; }
isnum() { case $1 in ""|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
# Field 22 of /proc/PID/stat. comm (field 2) may hold spaces, parens or newlines: only the text after the
# last ")" splits cleanly, and there the start time is the 20th word.
start_time() {
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*)}
  set -- $s
  [ $# -ge 20 ] || return 1
  shift 19
  printf "%s" "$1"
}
# "dev ino links blocks" when $1 is a regular file, else a skip code.
identity() {
  id=$(stat -L -c "%d %i %h %b %f" "$1" 2>/dev/null) || { echo fd-gone; return 1; }
  set -- $id
  [ $# -eq 5 ] || { echo fd-gone; return 1; }
  [ "$1" = "$dev" ] && [ "$2" = "$ino" ] || { echo not-same-file; return 1; }
  [ "$3" = 0 ] || { echo not-deleted; return 1; }
  # %f is the raw mode in hex: S_IFMT is 0170000 (61440), S_IFREG 0100000 (32768).
  [ $((0x$5 & 61440)) -eq 32768 ] || { echo not-regular; return 1; }
  echo "$4"
}
# Truncating a file the process has mapped makes its next access to the mapping SIGBUS.
mapped() {
  awk -v ino="$ino" '"'"'$5 == ino && / \(deleted\)$/ { f = 1 } END { exit f ? 0 : 1 }'"'"' "/proc/$pid/maps" 2>/dev/null
}
entry() {
  pid=$1 fd=$2 dev=$3 ino=$4 st=$5
  if ! isnum "$pid" || ! isnum "$fd" || ! isnum "$dev" || ! isnum "$ino" || ! isnum "$st"; then
    out "$pid" "$fd" skipped bad-input -; return
  fi
  link=/proc/$pid/fd/$fd
  now=$(start_time "$pid") || { out "$pid" "$fd" skipped process-gone -; return; }
  [ "$now" = "$st" ] || { out "$pid" "$fd" skipped process-changed -; return; }
  # The fds of another user are hidden from us: say so rather than calling the fd closed.
  [ -x "/proc/$pid/fd" ] || { out "$pid" "$fd" skipped no-access -; return; }
  # Checked before opening, so a fd re-pointed at a FIFO or a device is never opened.
  r=$(identity "$link") || { out "$pid" "$fd" skipped "$r" -; return; }
  # The act runs in a subshell holding the file open on fd 3: the identity checked is then the identity
  # truncated, whatever the process does with its own fd meanwhile. A failed redirection ends only the
  # subshell ("command" keeps exec from ending the shell on a failed open). ": >/dev/fd/3" re-opens that same inode with O_TRUNC, which needs no free space.
  r=$(
    command exec 2>/dev/null 3<"$link" || { echo open-failed; exit 0; }
    b=$(identity /dev/fd/3) || { echo "$b"; exit 0; }
    [ "$(start_time "$pid")" = "$st" ] || { echo process-changed; exit 0; }
    mapped; m=$?
    [ $m -eq 1 ] || { if [ $m -eq 0 ]; then echo mapped; else echo maps-unreadable; fi; exit 0; }
    ( : >/dev/fd/3 ) 2>/dev/null || { echo truncate-failed; exit 0; }
    echo "ok $b"
  )
  case $r in
    "ok "*) out "$pid" "$fd" ok truncated "${r#ok }" ;;
    "") out "$pid" "$fd" skipped truncate-failed - ;;
    *) out "$pid" "$fd" skipped "$r" - ;;
  esac
}
while [ $# -ge 5 ]; do
  entry "$1" "$2" "$3" "$4" "$5"
  shift 5
done
if [ $# -gt 0 ]; then out "${1:--}" "${2:--}" skipped bad-input -; fi
' spoolscope-truncate-held
