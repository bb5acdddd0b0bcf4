# Spoolscope probe: df
# stdin:  optional, NUL-terminated: absolute paths (the node's configured roots).
# stdout: one line per mounted filesystem df reports (pseudo filesystems excluded, as df does):
#         "<source> <fstype> <size> <used> <avail> <inodes> <iused> <iavail> <mount point>"
#         Bytes are exact (-B1). The mount point is last so spaces in it survive.
#         Then, per path given, in order: a line "spoolscope-root", then what `df PATH` prints (its header
#         and the one line of the mount PATH is on), or nothing when df cannot stat PATH. The listing shows one
#         mount per filesystem; `df PATH` names the mount PATH is really under (a bind mount is its own).
# df exits 1 when one mount cannot be read (a stale NFS, a FUSE mount of another user): its lines are still good.
# The exit status is the listing's; a path that does not exist (yet) is no error. Paths reach df as
# arguments through xargs, never as shell text.
LC_ALL=C
export LC_ALL
df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target
status=$?
xargs -0 -r sh -c '
for p in "$@"; do
  echo spoolscope-root
  df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target -- "$p" 2>/dev/null
done
' spoolscope-df
exit $status
