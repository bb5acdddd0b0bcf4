# Spoolscope probe: held
# Deleted-but-open regular files (nlink 0) held through any fd of any process this user can see.
# stdin:  nothing.
# stdout: NUL-terminated records. A record is either one item or a block of newline-separated lines:
#   "find: '/proc/<pid>/fd...': Permission denied\n..."   find's complaints: a process whose fds this user
#                                                          cannot read (the result is partial); others ignored
#   "F\t/proc/<pid>/fd/<n>\t<size>\t<512-byte blocks>\t<st_dev>\t<ino>\n..."   one line per deleted regular
#                                                          file held by fd n (a block)
#   "L\t/proc/<pid>/fd/<n>\t<target>"        the target of each held fd as the kernel shows it; raw bytes
#   "/proc/<pid>/fdinfo/<n>:<whole file>"    pos, flags (octal), mnt_id of each held fd
#   "/proc/<pid>/comm:<whole file>"          for each holding process, whole files: comm, stat, status, cgroup
#   "/proc/<pid>/cmdline:<arg>"              one record per argument, in order
#   "/proc/self/status:..." "/proc/self/mountinfo:<whole file>"   the probe's uid and mount table (mount ids
#                                            are system-wide; mount points as df sees them)
#   "/proc/<pid>/maps:<line>\n..."           mappings of deleted files, of every process (not only holders:
#                                            truncating a file another process maps would crash it) (a block)
# A process that exits mid-scan is skipped: its /proc files are gone, so find and grep just miss it (their
# complaints about vanished entries are discarded). Nothing is written to disk (no temp files): it runs on a
# full disk. Every /proc file is read by a few batched find/grep processes, never one per fd or per process.
# Only /proc paths (digits and slashes) go through shell variables and newline-separated lists; file names
# only ever go from find straight to stdout.
LC_ALL=C
export LC_ALL
{ held=$(find -L /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -type f -links 0 -printf 'F\t%p\t%s\t%b\t%D\t%i\n' 2>&3); } 3>&1
printf '\0'
if [ -z "$held" ]; then
  exec grep -zH '' /proc/self/status /proc/self/mountinfo
fi
printf '%s\n\0' "$held"
# One awk turns the F lines (only /proc/P/fd/N words and digits: no file name is in them) into two lists:
# the held fds, for find to print their link targets (readlink costs more than the stat above, so only for
# held fds), and the /proc files to read whole with grep (each fdinfo; each holding process's files once).
# xargs sizes the batches to ARG_MAX and -r runs nothing on an empty list (find with no path would search
# the working directory). A shell loop over the words cost a third of the probe's time at 10,000 fds.
# The lists go through awk's pipes one after the other (close() waits), so the two commands' outputs never
# interleave on stdout.
printf '%s\n' "$held" | awk -F '\t' '
  $1 == "F" && $2 ~ /^\/proc\/[0-9]+\/fd\/[0-9]+$/ {
    fds[++n] = $2
    p = $2; sub(/\/fd\/[0-9]+$/, "", p)
    fd = $2; sub(/^.*\//, "", fd)
    files[++m] = p "/fdinfo/" fd
    if (p != last) { files[++m] = p "/comm"; files[++m] = p "/stat"; files[++m] = p "/status"; files[++m] = p "/cgroup"; files[++m] = p "/cmdline" }
    last = p
  }
  END {
    links = "xargs -r sh -c '\''exec find \"$@\" -maxdepth 0 -printf \"L\\t%p\\t%l\\0\"'\'' sh 2>/dev/null"
    for (i = 1; i <= n; i++) print fds[i] | links
    close(links)
    reads = "xargs grep -zH \"\" 2>/dev/null"
    for (i = 1; i <= m; i++) print files[i] | reads
    print "/proc/self/status" | reads
    print "/proc/self/mountinfo" | reads
    close(reads)
  }'
grep -H ' (deleted)$' /proc/[0-9]*/maps 2>/dev/null
printf '\0'
exit 0
