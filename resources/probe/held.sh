# Spoolscope probe: held
# Deleted-but-open regular files (nlink 0) held through any fd of any process this user can see.
# stdin:  nothing.
# stdout: NUL-terminated records. A record is either one item or a block of newline-separated lines:
#   "find: '/proc/<pid>/fd...': Permission denied\n..."   find's complaints: a process whose fds this user
#                                                          cannot read (the result is partial); others ignored
#   "F\t/proc/<pid>/fd/<n>\t<size>\t<512-byte blocks>\t<st_dev>\t<ino>\n..."   one line per deleted regular
#                                                          file held by fd n (a block)
#   "N\t/proc/<pid>/ns/mnt\tmnt:[<id>]\n" "N\t/proc/<pid>/root\t/\n"   for each holding process, its mount
#                                                          namespace, and its root when that is "/" (a block;
#                                                          the lines this user may read)
#   "L\t/proc/<pid>/fd/<n>\t<target>"        the target of each held fd as the kernel shows it; raw bytes
#   "/proc/<pid>/fdinfo/<n>:<whole file>"    pos, flags (octal), mnt_id of each held fd
#   "/proc/<pid>/comm:<whole file>"          for each holding process, whole files: comm, stat, status, cgroup
#   "/proc/<pid>/cmdline:<arg>"              one record per argument, in order
#   "/proc/<pid>/mountinfo:<whole file>"     the mount table holders see, once per namespace: the lowest pid of
#                                            the holders in one namespace whose root is "/", and each other
#                                            holder's own (a mount id missing from it is memory, not disk)
#   "/proc/<pid>/comm:..." "/proc/<pid>/cgroup:..."   of each process that maps a held inode and holds none
#                                            of them (a refusal names the process to restart)
#   "/proc/self/status:..." "/proc/self/mountinfo:<whole file>"   the probe's uid and mount table (mount
#                                            points as df sees them)
#   "/proc/<pid>/maps:<line>\n..."           mappings of deleted files, of every process (not only holders:
#                                            truncating a file another process maps would crash it) (a block)
# A process that exits mid-scan is skipped: its /proc files are gone, so find and grep just miss it (their
# complaints about vanished entries are discarded). Nothing is written to disk (no temp files): it runs on a
# full disk. Every /proc file is read by a few batched find/grep processes, never one per fd or per process.
# Only /proc paths (digits and slashes) and namespace ids go through shell variables and newline-separated
# lists given to awk as lines; file names only go from find and grep straight to stdout, except in the maps
# lines, which awk reads only after a separator line and only for a pid and an inode number.
LC_ALL=C
export LC_ALL
{ held=$(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -links 0 -printf 'F\t%p\t%s\t%b\t%D\t%i\n' 2>&3); } 3>&1
printf '\0'
if [ -z "$held" ]; then
  exec grep -zH '' /proc/self/status /proc/self/mountinfo
fi
printf '%s\n\0' "$held"
# The namespace and root links of each holding process, in one find: holders that share a namespace and
# the root "/" see one mount table, so it is read once (on a node with thousands of mounts it is large).
# -lname reads the link: one this user may not read matches nothing, and that holder's table is its own.
ns=$(printf '%s\n' "$held" | awk -F '\t' '
  $1 == "F" && $2 ~ /^\/proc\/[0-9]+\/fd\/[0-9]+$/ {
    p = $2; sub(/\/fd\/[0-9]+$/, "", p)
    if (!(p in seen)) { seen[p] = 1; print p "/ns/mnt"; print p "/root" }
  }' | xargs -r sh -c 'exec find "$@" -maxdepth 0 \( -lname "mnt:*" -o -lname / \) -printf "N\t%p\t%l\n"' sh 2>/dev/null)
[ -z "$ns" ] || printf '%s\n\0' "$ns"
maps=$(grep -H ' (deleted)$' /proc/[0-9]*/maps 2>/dev/null)
# One awk turns the F and N lines (only /proc/P/... words, digits and namespace ids: no file name is in
# them) and the maps lines after the "--" separator into two lists: the held fds, for find to print their
# link targets (readlink costs more than the stat above, so only for held fds), and the /proc files to read
# whole with grep (each fdinfo; each holding process's files once; one mount table per namespace; comm and
# cgroup of processes that map a held inode without holding one).
# xargs sizes the batches to ARG_MAX and -r runs nothing on an empty list (find with no path would search
# the working directory). A shell loop over the words cost a third of the probe's time at 10,000 fds.
# The lists go through awk's pipes one after the other (close() waits), so the two commands' outputs never
# interleave on stdout.
printf '%s\n%s\n--\n%s\n' "$held" "$ns" "$maps" | awk -F '\t' '
  part == 0 && $0 == "--" { part = 1; next }
  part == 0 && $1 == "F" && $2 ~ /^\/proc\/[0-9]+\/fd\/[0-9]+$/ {
    fds[++n] = $2
    p = $2; sub(/\/fd\/[0-9]+$/, "", p)
    fd = $2; sub(/^.*\//, "", fd)
    files[++m] = p "/fdinfo/" fd
    if (!(p in holding)) {
      holding[p] = 1; pids[++np] = p
      files[++m] = p "/comm"; files[++m] = p "/stat"; files[++m] = p "/status"; files[++m] = p "/cgroup"; files[++m] = p "/cmdline"
    }
    inodes[$6] = 1
    next
  }
  part == 0 && $1 == "N" && $2 ~ /^\/proc\/[0-9]+\/ns\/mnt$/ && $3 ~ /^mnt:/ { p = $2; sub(/\/ns\/mnt$/, "", p); nsof[p] = $3; next }
  part == 0 && $1 == "N" && $2 ~ /^\/proc\/[0-9]+\/root$/ && $3 == "/" { p = $2; sub(/\/root$/, "", p); slash[p] = 1; next }
  part == 1 {
    split($0, f, " ")
    if (f[1] !~ /^\/proc\/[0-9]+\/maps:/ || !(f[5] in inodes)) next
    p = f[1]; sub(/\/maps:.*$/, "", p)
    if (!(p in holding) && !(p in mapper)) { mapper[p] = 1; files[++m] = p "/comm"; files[++m] = p "/cgroup" }
  }
  END {
    for (i = 1; i <= np; i++) {
      p = pids[i]
      k = (p in slash && p in nsof) ? nsof[p] : p
      if (!(k in rep) || substr(p, 7) + 0 < substr(rep[k], 7) + 0) rep[k] = p
    }
    for (k in rep) files[++m] = rep[k] "/mountinfo"
    links = "xargs -r sh -c '\''exec find \"$@\" -maxdepth 0 -printf \"L\\t%p\\t%l\\0\"'\'' sh 2>/dev/null"
    for (i = 1; i <= n; i++) print fds[i] | links
    close(links)
    reads = "xargs grep -zH \"\" 2>/dev/null"
    for (i = 1; i <= m; i++) print files[i] | reads
    print "/proc/self/status" | reads
    print "/proc/self/mountinfo" | reads
    close(reads)
  }'
[ -z "$maps" ] || printf '%s\n' "$maps"
printf '\0'
exit 0
