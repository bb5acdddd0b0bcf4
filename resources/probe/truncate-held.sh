# Spoolscope executor: truncate-held
# stdin:  per entry five NUL-terminated fields: pid, fd, expected dev, expected inode, expected process
#         start time (field 22 of /proc/PID/stat). Every field is decimal digits.
# stdout: NUL-terminated fields, in records of two kinds told apart by their first field:
#   E pid fd status code blocks mapper-pid mapper-comm mapper-cgroup      one record per entry (9 fields)
#         status "ok" or "skipped"; code "truncated" when ok; blocks: the file's 512-byte blocks just before
#         truncating ("-" when unknown); the mapper fields (the process that maps the file: pid, comm and
#         the text of /proc/PID/cgroup) with code "mapped" only, empty otherwise.
#   W maps-unreadable count pids        once per batch in which some processes' mappings could not be read
#         (count, and up to 10 of their pids space-separated): a mapping by them cannot be ruled out.
#   Skip codes: bad-input process-gone process-changed no-access fd-gone not-regular not-same-file
#               not-deleted memory mount-unknown read-only mapped maps-unreadable open-failed truncate-failed.
# Never signals or restarts a process. Inputs reach the inner shell as arguments through xargs, never as
# shell text, and no path is read from anywhere: the only file names used are built from the digits.
# 100 entries per shell (a batch); -x makes xargs fail rather than split a batch, so an entry's five fields
# never straddle two shells (500 short numbers are far below the argument size limit). A batch runs in
# three steps:
#   1. per entry, what needs no pinned file: the process start time; the fd is visible, open and a regular
#      file; the mount the fd was opened through, from the holder's fdinfo (mnt_id) and the holder's own
#      mount table: memory (a mount id missing from that table: memfd, SysV and anonymous shared memory live
#      on kernel-internal mounts; or the /dev/shm mount) and read-only mounts are refused here;
#   2. one sweep of every process's maps for the dev and inode of every entry left (never one per file): a
#      file that any process maps is refused, naming that process (another one before the holder itself:
#      it is the one to restart), since truncating a mapped file kills the mapper with SIGBUS;
#   3. per entry left, the inode is pinned on fd 3, its dev, inode, link count 0 and type are checked on the
#      pinned file, the start time again, and it is truncated through fd 3.
# A mapping made between step 2 and the truncate is not seen: that window is at most one batch long.
# Per entry only two programs run (awk, stat), per batch a few more: a process start costs about 7 ms on a
# small VM, and an operator may reclaim thousands of fds. Everything else is a shell builtin.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -n 500 sh -c '
set -f
ifs=$IFS
out() { printf "E\0%s\0%s\0%s\0%s\0%s\0%s\0%s\0%s\0" "$1" "$2" "$3" "$4" "$5" "${6-}" "${7-}" "${8-}"; }
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
# Sets class from the mount the holder opened fd $fd through: mount ids are system-wide, but a mount table
# lists only its own namespace, so the holder'"'"'s table is the one to look in. memory, read-only, disk;
# changed when the fdinfo names another inode (newer kernels print it); unknown when there is no mnt_id or
# a file could not be read.
mount_class() {
  class=$(awk -v ino="$ino" '"'"'
    FNR == 1 { file++ }
    file == 1 { if ($1 == "mnt_id:") id = $2; else if ($1 == "ino:") fino = $2; next }
    id != "" && $1 == id && !found {
      found = 1; mp = $5; opts = "," $6 ","
      for (i = 7; i < NF && $i != "-"; i++) ;
      sopts = "," $(i + 3) ","
    }
    END {
      if (file < 2) print "unknown"
      else if (fino != "" && fino != ino) print "changed"
      else if (id == "") print "unknown"
      else if (!found || mp == "/dev/shm") print "memory"
      else if (opts ~ /,ro,/ || sopts ~ /,ro,/) print "read-only"
      else print "disk"
    }'"'"' "/proc/$pid/fdinfo/$fd" "/proc/$pid/mountinfo" 2>/dev/null)
}
# Step 1. Sets code on refusal.
check() {
  start_time "$pid" || { code=process-gone; return 1; }
  [ "$now" = "$st" ] || { code=process-changed; return 1; }
  # The fds of another user are hidden from us: say so rather than calling the fd closed.
  [ -x "/proc/$pid/fd" ] || { code=no-access; return 1; }
  [ -e "$link" ] || { code=fd-gone; return 1; }
  # Only a regular file is ever opened: never a FIFO or a device.
  [ -f "$link" ] || { code=not-regular; return 1; }
  mount_class
  case $class in
    disk) return 0 ;;
    memory) code=memory ;;
    read-only) code=read-only ;;
    changed) code=not-same-file ;;
    *) if [ -e "$link" ]; then code=mount-unknown; else code=fd-gone; fi ;;
  esac
  return 1
}
# Step 2. Sets mp_<i> to a process that maps the i-th entry left (0-based), bad to the pids whose maps
# could not be read (badn of them, the first 10 in badshown).
sweep() {
  pats= list=
  for c in $cands; do
    IFS=,; set -- $c; IFS=$ifs
    # " ino " is the inode field of a maps line (the dev field before it holds a colon, the offset is hex
    # padded with zeros); a file name that holds it only adds a line awk then rejects by dev and inode.
    pats="$pats${pats:+
} $4 "
    list="$list $3,$4,$1"
  done
  set +f; set -- /proc/[0-9]*/maps; set -f
  bad= badn=0 badshown=
  for m in "$@"; do
    { command exec 4<"$m"; } 2>/dev/null && continue
    [ -e "$m" ] || continue
    p=${m#/proc/}; p=${p%/maps}
    bad="$bad $p" badn=$((badn + 1))
    [ "$badn" -le 10 ] && badshown="$badshown${badshown:+ }$p"
  done
  exec 4<&-
  found=$(printf "%s\n" "$@" | xargs grep -H -F -e "$pats" 2>/dev/null | awk -v list="$list" '"'"'
    BEGIN {
      n = split(list, c, " ")
      for (i = 1; i <= n; i++) {
        split(c[i], v, ",")
        # st_dev to the major:minor that maps prints (the glibc encoding undone with arithmetic).
        d = v[1] + 0
        hi = int(d / 4294967296)
        maj = int(d / 256) % 4096 + (hi - hi % 4096)
        lo = int(d / 4096) % 4294967296
        min = d % 256 + (lo - lo % 256)
        k = sprintf("%02x:%02x %s", maj, min, v[2])
        keys[k] = keys[k] " " (i - 1)
        holder[i - 1] = v[3]
      }
    }
    {
      split($0, f, " ")
      if (f[1] !~ /^\/proc\/[0-9]+\/maps:/) next
      k = f[4] " " f[5]
      if (!(k in keys)) next
      p = f[1]; sub(/^\/proc\//, "", p); sub(/\/maps:.*$/, "", p)
      m = split(keys[k], ix, " ")
      for (j = 1; j <= m; j++) {
        x = ix[j]
        if (!(x in who) || (who[x] == holder[x] && p != holder[x])) who[x] = p
      }
    }
    END { for (x in who) print x, who[x] }'"'"')
  set -- $found
  while [ $# -ge 2 ]; do
    if isnum "$1" && isnum "$2"; then eval "mp_$1=\$2"; fi
    shift 2
  done
}
mapper_info() {
  mcomm= mcg=
  { IFS= read -r mcomm <"/proc/$1/comm"; } 2>/dev/null
  { while IFS= read -r l; do mcg="$mcg$l
"; done <"/proc/$1/cgroup"; } 2>/dev/null
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
# An open or a truncate that failed: EROFS when the mount is read-only by now, else the given code.
failed() {
  if [ ! -e "$link" ]; then code=fd-gone; return; fi
  mount_class
  if [ "$class" = read-only ]; then code=read-only; else code=$1; fi
}
# Step 3.
act() {
  if [ -n "$mp" ]; then mapper_info "$mp"; code=mapped; return 1; fi
  case " $bad " in *" $pid "*) code=maps-unreadable; return 1 ;; esac
  # Pin the inode on our fd 3: the identity checked is then the identity truncated, whatever the process
  # does with its own fd meanwhile. Read-write, so a fd re-pointed at a FIFO since step 1 still does not
  # block. "command" keeps a failed open from ending the shell.
  { command exec 3<>"$link"; } 2>/dev/null || { failed open-failed; return 1; }
  identity || return 1
  start_time "$pid"
  [ "$now" = "$st" ] || { code=process-changed; return 1; }
  # /dev/fd/3 is our own fd 3: opening it with O_TRUNC truncates the pinned inode, and needs no free space.
  { command : >/dev/fd/3; } 2>/dev/null || { failed truncate-failed; return 1; }
  code=truncated
}
cands= n=0
while [ $# -ge 5 ]; do
  pid=$1 fd=$2 dev=$3 ino=$4 st=$5
  shift 5
  if ! isnum "$pid" || ! isnum "$fd" || ! isnum "$dev" || ! isnum "$ino" || ! isnum "$st"; then
    out "$pid" "$fd" skipped bad-input -
    continue
  fi
  link=/proc/$pid/fd/$fd
  if check; then
    cands="$cands $pid,$fd,$dev,$ino,$st" n=$((n + 1))
  else
    out "$pid" "$fd" skipped "$code" -
  fi
done
if [ $# -gt 0 ]; then out "${1:--}" "${2:--}" skipped bad-input -; fi
[ "$n" -gt 0 ] || exit 0
bad=
sweep
if [ "$badn" -gt 0 ]; then printf "W\0maps-unreadable\0%s\0%s\0" "$badn" "$badshown"; fi
i=0
for c in $cands; do
  IFS=,; set -- $c; IFS=$ifs
  pid=$1 fd=$2 dev=$3 ino=$4 st=$5 link=/proc/$1/fd/$2
  eval "mp=\${mp_$i-}"
  i=$((i + 1))
  blocks=- mcomm= mcg=
  if act; then out "$pid" "$fd" ok truncated "$blocks"
  elif [ "$code" = mapped ]; then out "$pid" "$fd" skipped mapped - "$mp" "$mcomm" "$mcg"
  else out "$pid" "$fd" skipped "$code" -
  fi
  exec 3<&-
done
' spoolscope-truncate-held
