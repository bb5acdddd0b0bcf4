# Spoolscope probe: sources-list
# The entries under a partition or root that source attribution looks at: day directories, log files and
# SQLite stores, a few levels deep; and the node's clock and time zone, which say where its days begin.
# stdin:  NUL-terminated: the path (absolute); the depth to list (digits).
# stdout: NUL-terminated records. First "Z\t<now, epoch s>\t<date +%z>\t<zone name>": the zone is $TZ, else
#         the target of /etc/localtime, else the first line of /etc/timezone ('' when none says). Then
#         "<type>\t<size>\t<512-byte blocks>\t<mtime s>\t<path relative to it>" (find's %y %s %b %Ts %P; the
#         path itself first, with an empty relative path). Raw bytes.
# stderr: "spoolscope-error: <code>" for a path that cannot be used.
# The path reaches the inner shell as "$1" through xargs, never as shell text.
exec xargs -0 -r -x -n 2 sh -c '
LC_ALL=C
export LC_ALL
case $2 in ""|*[!0-9]*) echo "spoolscope-error: bad-depth" >&2; exit 2 ;; esac
if [ ! -e "$1" ]; then echo "spoolscope-error: not-found" >&2; exit 2; fi
zone=${TZ-}
zone=${zone#:}
case $zone in /*) l=$(readlink -- "$zone" 2>/dev/null) && zone=$l ;; esac
if [ -z "$zone" ]; then zone=$(readlink /etc/localtime 2>/dev/null) || zone=; fi
if [ -z "$zone" ] && [ -r /etc/timezone ]; then zone=$(head -n 1 /etc/timezone 2>/dev/null) || zone=; fi
printf "Z\t%s\t%s\t%s\0" "$(date +%s)" "$(date +%z)" "$zone"
TZ=UTC
export TZ
exec find -H "$1" -maxdepth "$2" -xdev -printf "%y\t%s\t%b\t%Ts\t%P\0"
' spoolscope-sources-list
