# Spoolscope executor: reap-unlink
# Unlinks the files of a reap plan, re-checking each one's identity just before, and nothing else.
# stdin:  batches of NUL-terminated fields. Each batch: the physical root, its dev, its inode, its mount id;
#         then up to 128 entries of 22 fields: seq, dir (relative to the root, "." for the root), dir dev,
#         dir inode, kind ("f": unlink files, "d": remove one empty directory), member count (1-4), then 4
#         member slots of name, inode, size, mtime (seconds) (unused slots empty; a "d" member has "-" for size
#         and mtime).
#         A unit's members (a SQLite file and its -wal/-shm/-journal) are all in its dir.
# stdout: per member records of four NUL-terminated fields: seq, slot (0-3), a status and a code. Status "ok"
#         (code "deleted"), "skipped" (code why), "seen" (the file failed its identity test; the code is what
#         was found: "<type> <inode> <size> <mtime>"), "checked" (code "-": tried; with no other record, gone).
#         Skip codes: bad-input root-changed root-other-mount dir-gone symlink other-filesystem other-mount
#         dir-changed gone replaced not-regular size-changed modified not-empty unlink-failed unit-incomplete,
#         "open-for-writing <pid> <comm>" and "locked <pid> <kind> <comm>" (a process found by the sweep).
# How a symlink swapped in at any moment is never followed: the directory is entered one component at a time
# with cd -P, then the physical cwd (pwd -P) must be exactly root/dir (a symlink taken on any step would show
# in it), the directory must be on the root's planned mount (its mount id: a bind mount of the same filesystem
# has the same device number, never the same mount id) and its dev and inode must be the planned ones. Names
# are then unlinked relative to that verified cwd ("./name"), which the process holds: renaming or replacing
# the path afterwards cannot redirect the unlink, and a name that is itself a mount point cannot be unlinked
# (EBUSY), so every file unlinked is on the planned mount and device.
# Writers and locks: once per batch (one xargs invocation), after its first directory is entered and before
# anything in it is unlinked, one find over every /proc/*/fd (testing only this batch's inodes) and one read of
# /proc/locks; a unit any process now holds open for writing or locks is skipped, naming it. A writer that
# arrives after that sweep and before its file's unlink (within the same batch) is the window that remains.
# Each file is unlinked by one find that lstat()s "./name", tests type, inode, size and mtime, and only then
# unlinks it (find -P never follows a symlink): the check and the unlink are one process, microseconds apart.
# A unit with several members is checked whole first: all its members are unlinked, or none.
# Unlink only: no temp files, no trash, nothing that needs free space. Inputs reach the inner shell as
# arguments through xargs, never as shell text. -x makes xargs fail rather than split a batch.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 1048576 -n 2820 sh -c '
TZ=UTC
export TZ
out() { printf "%s\0%s\0%s\0%s\0" "$1" "$2" "$3" "$4"; }
isnum() { case $1 in ""|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
root=$1 rootdev=$2 rootino=$3 rootmnt=$4
shift 4
physwd() { p=$(pwd -P; echo x); p=${p%?x}; }
# The mount id of the current directory: a grep whose fd 3 is opened on "." reads its own fdinfo.
mntid() { m=$(grep -h "^mnt_id:" /proc/self/fdinfo/3 3<. 2>/dev/null); m=${m##*[!0-9]}; }
# The root is the planned directory at its planned physical path, on its planned mount, or nothing is done.
rootok=yes rootcode=root-changed
if ! isnum "$rootdev" || ! isnum "$rootino" || ! isnum "$rootmnt"; then rootok=no
elif ! cd -P -- "$root" 2>/dev/null; then rootok=no
else
  physwd
  id=$(find . -maxdepth 0 -printf "%D %i" 2>/dev/null)
  mntid
  if [ "$p" != "$root" ] || [ "$id" != "$rootdev $rootino" ]; then rootok=no
  elif [ "$m" != "$rootmnt" ]; then rootok=no rootcode=root-other-mount
  fi
fi
# The inodes of the files of this batch, for the sweep.
inos= k=0
while [ $((k + 22)) -le $# ]; do
  eval "ekind=\${$((k + 5))}"
  j=0
  while [ "$ekind" = f ] && [ "$j" -lt 4 ]; do
    eval "eino=\${$((k + 8 + j * 4))}"
    isnum "$eino" && inos="$inos $eino"
    j=$((j + 1))
  done
  k=$((k + 22))
done
swept=no
# Who holds the files of this batch now: busy_<inode> is set to "open-for-writing <pid> <comm>" or
# "locked <pid> <kind> <comm>", by the same rules as at plan time (fdinfo access mode write or read-write, or
# unreadable; any lock on the device and inode, waiters aside). Its variables start with s_: it runs between
# enter and the unlinks, whose variables (kind, n, i, code...) must survive it.
sweep() {
  swept=yes
  [ -n "$inos" ] || return 0
  # Every fd that is a regular file, filtered by fixed strings "DEV INO /proc/", one per line of one -e (grep -F
  # matches them all in one pass): find -L stats the target again for each -inum test, so 64 of them made one
  # sweep 10x slower, and the patterns are one string because appending each to "$@" copied the whole list.
  s_pat=$(for s_i in $inos; do printf "%s %s /proc/\n" "$rootdev" "$s_i"; done)
  s_hits=$(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -printf "%D %i %p\n" 2>/dev/null | grep -F -e "$s_pat")
  set -f
  set -- $s_hits
  set +f
  while [ "$#" -ge 3 ]; do
    if [ "$1" = "$rootdev" ] && isnum "$2"; then
      s_fp=${3#/proc/}
      s_pid=${s_fp%%/*} s_fd=${3##*/}
      s_fl=$(grep -h "^flags:" "/proc/$s_pid/fdinfo/$s_fd" 2>/dev/null)
      s_fl=${s_fl##*[!0-7]}
      case $s_fl in *[1256]|"") held "$2" "$s_pid" "open-for-writing $s_pid" ;; esac
    fi
    shift 3
  done
  [ -r /proc/locks ] || return 0
  while read -r s_n s_kind s_rest; do
    [ "$s_kind" != "->" ] || continue
    set -f
    set -- $s_rest
    set +f
    s_prev=
    for s_w do
      case $s_w in
      *:*:*)
        s_ino=${s_w##*:} s_mm=${s_w%:*}
        s_maj=${s_mm%%:*} s_min=${s_mm#*:}
        case $s_maj$s_min in ""|*[!0-9a-fA-F]*) break ;; esac
        isnum "$s_ino" || break
        case $s_prev in -1) ;; *) isnum "$s_prev" || break ;; esac
        case " $inos " in *" $s_ino "*) ;; *) break ;; esac
        s_maj=$((0x$s_maj)) s_min=$((0x$s_min))
        s_dev=$(( ((s_maj & 0xfff) << 8) | (s_min & 0xff) | ((s_min & ~0xff) << 12) | ((s_maj & ~0xfff) << 32) ))
        [ "$s_dev" != "$rootdev" ] || held "$s_ino" "$s_prev" "locked $s_prev $s_kind"
        break ;;
      esac
      s_prev=$s_w
    done
  done < /proc/locks
}
# held INO PID WHAT: the first reason found for an inode stands ("WHAT COMM"; an OFD lock has pid -1).
held() {
  eval "[ -z \"\${busy_$1-}\" ]" || return 0
  s_c=
  [ "$2" = -1 ] || IFS= read -r s_c 2>/dev/null < "/proc/$2/comm"
  eval "busy_$1=\$3\" \"\$s_c"
}
# The first reason a member of a unit is busy (sets b), or b empty.
busyof() {
  eval "b=\${busy_$1-}"
}
cached=
# Enters root/dir one component at a time; sets code and returns 1 when it is not the planned directory.
enter() {
  if [ "$cached" = "$dir/$dirdev/$dirino" ]; then
    physwd
    [ "$p" = "$want" ] && return 0
  fi
  cached=
  cd -P -- "$root" 2>/dev/null || { code=root-changed; return 1; }
  want=$root
  if [ "$dir" != . ]; then
    rest=$dir
    while :; do
      c=${rest%%/*}
      case $c in ""|.|..) code=bad-input; return 1 ;; esac
      [ -L "./$c" ] && { code=symlink; return 1; }
      cd -P -- "./$c" 2>/dev/null || { code=dir-gone; return 1; }
      case $want in /) want=/$c ;; *) want=$want/$c ;; esac
      case $rest in */*) rest=${rest#*/} ;; *) break ;; esac
    done
  fi
  # One check covers every step: had any component (or the root) been a symlink when cd -P went through
  # it, the physical path of where we are now would differ from root/dir; had the directory been renamed
  # since, too. What we hold is then proven to be the planned directory by its device, its mount (no mount
  # crossed on the way: a path that crossed one ends on another mount id, whatever its device) and inode.
  physwd
  if [ "$p" != "$want" ]; then
    [ "$dir" = . ] && code=root-changed || code=symlink
    return 1
  fi
  id=$(find . -maxdepth 0 -printf "%D %i" 2>/dev/null)
  set -- $id
  [ "$1" = "$rootdev" ] || { code=other-filesystem; return 1; }
  mntid
  [ "$m" = "$rootmnt" ] || { code=other-mount; return 1; }
  [ "$1 $2" = "$dirdev $dirino" ] || { code=dir-changed; return 1; }
  cached=$dir/$dirdev/$dirino
}
# Why a member did not match (find printed what it saw: type, inode, size, mtime).
mismatch() {
  set -- $1
  if [ $# -eq 0 ]; then code=gone
  elif [ "$1" = l ]; then code=symlink
  elif [ "$kind" = d ]; then
    if [ "$1" != d ]; then code=not-regular; elif [ "$2" != "$mino" ]; then code=replaced; else code=not-empty; fi
  elif [ "$1" != f ]; then code=not-regular
  elif [ "$2" != "$mino" ]; then code=replaced
  elif [ "$3" != "$msize" ]; then code=size-changed
  elif [ "$4" != "$mmtime" ]; then code=modified
  else code=unlink-failed
  fi
}
# check NAME INO SIZE MTIME [-delete]: prints "match" (and unlinks with -delete) or what it saw instead.
probe() {
  if [ "$kind" = d ]; then
    find "./$1" -maxdepth 0 -type d -inum "$2" -empty $5 -printf match -o -printf "%y %i" 2>/dev/null
  else
    find "./$1" -maxdepth 0 -type f -inum "$2" -size "$3"c -newermt "@$(($4 - 1)).999999999" ! -newermt "@$4.999999999" $5 -printf match -o -printf "%y %i %s %Ts" 2>/dev/null
  fi
}
valid_member() {
  case $1 in ""|.|..|*/*) return 1 ;; esac
  isnum "$2" || return 1
  [ "$kind" = d ] && return 0
  isnum "$3" && isnum "$4"
}
entry() {
  seq=$1 dir=$2 dirdev=$3 dirino=$4 kind=$5 count=$6
  shift 6
  code=
  case $kind in f|d) ;; *) code=bad-input ;; esac
  case $count in 1|2|3|4) ;; *) code=bad-input; count=1 ;; esac
  case $dir in /*|"") code=bad-input ;; esac
  isnum "$dirdev" && isnum "$dirino" || code=bad-input
  isnum "$seq" || { seq=-; code=bad-input; }
  [ "$rootok" = yes ] || code=${code:-$rootcode}
  i=0
  while [ -z "$code" ] && [ "$i" -lt "$count" ]; do
    eval "mname=\${$((i * 4 + 1))} mino=\${$((i * 4 + 2))} msize=\${$((i * 4 + 3))} mmtime=\${$((i * 4 + 4))}"
    valid_member "$mname" "$mino" "$msize" "$mmtime" || code=bad-input
    i=$((i + 1))
  done
  [ -n "$code" ] || enter || true
  # A unit any process now writes or locks stays whole, the process named.
  if [ -z "$code" ] && [ "$kind" = f ]; then
    [ "$swept" = yes ] || sweep
    i=0
    while [ -z "$code" ] && [ "$i" -lt "$count" ]; do
      eval "mino=\${$((i * 4 + 2))}"
      busyof "$mino"
      [ -z "$b" ] || code=$b
      i=$((i + 1))
    done
  fi
  # A unit of several members is checked whole before any is unlinked.
  bad=-1
  if [ -z "$code" ] && [ "$count" -gt 1 ]; then
    i=0
    while [ "$i" -lt "$count" ]; do
      eval "mname=\${$((i * 4 + 1))} mino=\${$((i * 4 + 2))} msize=\${$((i * 4 + 3))} mmtime=\${$((i * 4 + 4))}"
      seen=$(probe "$mname" "$mino" "$msize" "$mmtime")
      if [ "$seen" != match ]; then
        mismatch "$seen"
        bad=$i
        break
      fi
      i=$((i + 1))
    done
  fi
  i=0
  while [ "$i" -lt "$count" ]; do
    if [ -n "$code" ]; then
      if [ "$bad" -ge 0 ] && [ "$i" -ne "$bad" ]; then out "$seq" "$i" skipped unit-incomplete; else out "$seq" "$i" skipped "$code"; fi
    else
      eval "mname=\${$((i * 4 + 1))} mino=\${$((i * 4 + 2))} msize=\${$((i * 4 + 3))} mmtime=\${$((i * 4 + 4))}"
      seen=$(probe "$mname" "$mino" "$msize" "$mmtime" -delete)
      if [ "$seen" = match ]; then out "$seq" "$i" ok deleted
      else
        mismatch "$seen"
        out "$seq" "$i" skipped "$code"
        # The rest of a unit goes with it or not at all: once one member fails, the others stay.
        if [ "$count" -gt 1 ]; then code=unit-incomplete bad=-1; else code=; fi
      fi
    fi
    i=$((i + 1))
  done
}
# fnmatch pattern matching exactly the text in $1 (sets pat): find -path tells start points apart with it.
globesc() {
  pat= s=$1
  case $s in *[][*?\\]*) ;; *) pat=$s; return ;; esac
  while [ -n "$s" ]; do
    c=${s%"${s#?}"}
    s=${s#?}
    case $c in [][*?\\]) pat="$pat\\$c" ;; *) pat="$pat$c" ;; esac
  done
}
# A run of single-member entries of one kind in one directory ($n of them at the front of the arguments): the
# directory is entered and verified once, then one find checks and unlinks (or, for "d", removes when empty)
# them all. find -path picks each start point
# (its name, escaped) and gives it its own identity test, so a name is only unlinked when it is the file
# planned under that name; find prints each record itself ("seen" with what it found when the test fails).
# Afterwards every entry is marked "checked": an entry with no other record had vanished.
group() {
  seq=$1 dir=$2 dirdev=$3 dirino=$4 kind=$5
  code=
  [ "$rootok" = yes ] || code=$rootcode
  [ -n "$code" ] || enter || true
  if [ -z "$code" ] && [ "$kind" = f ] && [ "$swept" != yes ]; then sweep; fi
  if [ -z "$code" ]; then
    (
      # The arguments of find go to xargs on a pipe, one printf each: appending them to "$@" copied the whole list
      # (over 1,400 arguments) at every step, which made building them cost more than running find.
      live=0 i=0
      while [ "$i" -lt "$n" ]; do
        eval "mino=\${$((i * 22 + 8))}"
        b=
        [ "$kind" = d ] || busyof "$mino"
        [ -n "$b" ] || live=$((live + 1))
        i=$((i + 1))
      done
      # Every file of the run is held by a process: no find (one without start points would search ".").
      [ "$live" -gt 0 ] || exit 0
      {
        i=0
        while [ "$i" -lt "$n" ]; do
          eval "mname=\${$((i * 22 + 7))} mino=\${$((i * 22 + 8))}"
          b=
          [ "$kind" = d ] || busyof "$mino"
          [ -n "$b" ] || printf "%s\0" "./$mname"
          i=$((i + 1))
        done
        printf "%s\0" -maxdepth 0
        i=0 first=yes
        while [ "$i" -lt "$n" ]; do
          eval "mseq=\${$((i * 22 + 1))} mname=\${$((i * 22 + 7))} mino=\${$((i * 22 + 8))} msize=\${$((i * 22 + 9))} mmtime=\${$((i * 22 + 10))}"
          b=
          [ "$kind" = d ] || busyof "$mino"
          if [ -z "$b" ]; then
            globesc "./$mname"
            [ "$first" = yes ] || printf "%s\0" -o
            first=no
            if [ "$kind" = d ]; then
              printf "%s\0" "(" -path "$pat" "(" -type d -inum "$mino" -empty \
                -delete -printf "$mseq\0000\0ok\0deleted\0" -o -printf "$mseq\0000\0seen\0%y %i %s %Ts\0" ")" ")"
            else
              printf "%s\0" "(" -path "$pat" "(" -type f -inum "$mino" -size "$msize"c -newermt "@$((mmtime - 1)).999999999" ! -newermt "@$mmtime.999999999" \
                -delete -printf "$mseq\0000\0ok\0deleted\0" -o -printf "$mseq\0000\0seen\0%y %i %s %Ts\0" ")" ")"
            fi
          fi
          i=$((i + 1))
        done
      } | xargs -0 -r -x -s 1048576 find 2>/dev/null
    )
  fi
  i=0
  while [ "$i" -lt "$n" ]; do
    eval "mseq=\${$((i * 22 + 1))} mino=\${$((i * 22 + 8))}"
    b=
    [ -n "$code" ] || [ "$kind" = d ] || busyof "$mino"
    if [ -n "$code" ]; then out "$mseq" 0 skipped "$code"
    elif [ -n "$b" ]; then out "$mseq" 0 skipped "$b"
    else out "$mseq" 0 checked -
    fi
    i=$((i + 1))
  done
}
# How many entries from the front share the kind and directory of the first and are valid single members (sets n).
runlength() {
  n=0
  while [ $(((n + 1) * 22)) -le $# ]; do
    b=$((n * 22))
    eval "eseq=\${$((b + 1))} edir=\${$((b + 2))} edev=\${$((b + 3))} eino=\${$((b + 4))} ekind=\${$((b + 5))} ecount=\${$((b + 6))}"
    eval "mname=\${$((b + 7))} mino=\${$((b + 8))} msize=\${$((b + 9))} mmtime=\${$((b + 10))}"
    [ "$ekind" = "$5" ] && [ "$ecount" = 1 ] && [ "$edir/$edev/$eino" = "$2/$3/$4" ] || break
    case $ekind in f|d) ;; *) break ;; esac
    isnum "$eseq" && isnum "$edev" && isnum "$eino" || break
    case $edir in /*|"") break ;; esac
    kind=$ekind
    valid_member "$mname" "$mino" "$msize" "$mmtime" || break
    n=$((n + 1))
  done
}
while [ $# -ge 22 ]; do
  runlength "$@"
  if [ "$n" -ge 2 ]; then
    group "$@"
    shift $((n * 22))
  else
    entry "$@"
    shift 22
  fi
done
if [ $# -gt 0 ]; then out "${1:--}" 0 skipped bad-input; fi
' spoolscope-reap-unlink
