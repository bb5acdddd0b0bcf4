# Spoolscope probe: df
# stdin:  nothing.
# stdout: one line per mounted filesystem df reports (pseudo filesystems excluded, as df does):
#         "<source> <fstype> <size> <used> <avail> <inodes> <iused> <iavail> <mount point>"
#         Bytes are exact (-B1). The mount point is last so spaces in it survive.
# df exits 1 when one mount cannot be read (a stale NFS, a FUSE mount of another user): its lines are still good.
LC_ALL=C exec df -B1 --output=source,fstype,size,used,avail,itotal,iused,iavail,target
