# Spoolscope probe: pg-findings
# Why a PostgreSQL data directory's pg_wal grows, asked of the running server itself with fixed read-only SQL
# (src/main/core/dataStores/postgresFindings.ts parses it): its replication slots and the WAL each retains,
# the archiver's failures, the WAL settings. psql runs as the data directory's owner (runuser -u OWNER, as
# Debian's clusters trust the owner over the socket), over the Unix socket postmaster.pid names, never TCP, in
# a read-only transaction with a statement timeout. Nothing is changed on the node.
# stdin:  NUL-terminated: "spoolscope-pg-findings", the data directory (absolute).
# stdout: NUL-terminated records:
#   "P\t<owner>\t<server pid>\t<port>\t<socket dir>\t<psql>"  what psql was run with
#   "R\t<reason>\t<detail>"   psql could not be run, and why (then nothing else): no-data-dir, owner-unknown,
#                             not-running (no postmaster.pid, or its pid is gone), no-socket (the server
#                             listens on no Unix socket), socket-absent, no-psql, no-runuser, not-owner (this
#                             user is neither root nor the owner), unsafe (root owns it, others may write it,
#                             or postmaster.pid or its server is not the owner's: not a live cluster's)
#   rows of psql -At with tab-separated fields, each a record, the first field its tag:
#   "V\t<server_version_num>\t<in recovery: t|f>"
#   "S\t<slot>\t<physical|logical>\t<active: t|f>\t<wal_status>\t<retained bytes>\t<database>"
#                             retained: pg_wal_lsn_diff(current LSN, restart_lsn), empty when it reserves none
#   "A\t<archived>\t<failed>\t<last failed wal>\t<last failed, epoch s>\t<last archived wal>\t<epoch s>\t<archive_mode>"
#   "Q\t<WAL segments waiting for the archiver (.ready)>"
#   "C\t<setting>\t<value>\t<unit>\t<source>\t<config file>"   the WAL settings
#   "W\t<segments>\t<bytes>"  pg_ls_waldir()
#   "X\t<psql exit>\t<psql's stderr, first 2000 bytes, on one line>"   last
# stderr: "spoolscope-error: bad-input" for input it cannot use.
# Inputs reach the inner shell as arguments through xargs, never as shell text; the SQL is fixed text.
LC_ALL=C
export LC_ALL
exec xargs -0 -r -x -s 65536 sh -c '
refuse() { echo "spoolscope-error: $1" >&2; exit 2; }
[ "$#" -eq 2 ] && [ "$1" = spoolscope-pg-findings ] || refuse bad-input
d=$2
case $d in /*) ;; *) refuse bad-input ;; esac
cannot() { printf "R\t%s\t%s\0" "$1" "$2"; exit 0; }
[ -d "$d" ] || cannot no-data-dir "$d is not a directory here"
o=$(stat -c "%u %U" -- "$d" 2>/dev/null) || cannot owner-unknown "cannot stat $d"
uid=${o%% *} owner=${o#* }
[ "$owner" = UNKNOWN ] && cannot owner-unknown "uid $uid owns $d but has no user name"
# psql runs as the owner, from a directory postmaster.pid leads to: only the data directory of a live
# cluster (never owned by root, as postgres refuses to run as root; writable by no one else; postmaster.pid
# and the server it names owned by the owner) may choose what runs, so no other user can make the owner (or
# root) run a program of theirs.
[ "$uid" = 0 ] && cannot unsafe "root owns $d: PostgreSQL never runs as root, so it is not a live cluster"
case $(stat -c %A -- "$d" 2>/dev/null) in ?????w????|????????w?) cannot unsafe "$d is writable by other users than $owner" ;; esac
# The owner runs psql: trusted over the socket (peer) on Debian, and allowed to read the data directory.
if [ "$(id -u)" = "$uid" ]; then
  as=
elif [ "$(id -u)" = 0 ]; then
  as=$(command -v runuser 2>/dev/null)
  for r in /usr/sbin/runuser /sbin/runuser; do [ -z "$as" ] && [ -x "$r" ] && as=$r; done
  [ -n "$as" ] || cannot no-runuser "no runuser to run psql as $owner"
else
  cannot not-owner "running as $(id -un), neither root nor $owner"
fi
[ -r "$d/postmaster.pid" ] || { [ -e "$d/postmaster.pid" ] && cannot not-running "cannot read $d/postmaster.pid as $(id -un)"; cannot not-running "no postmaster.pid: the server is not running"; }
# postmaster.pid: pid, data directory, start time, port, first socket directory, listen address, ...
pid=$(sed -n 1p "$d/postmaster.pid") port=$(sed -n 4p "$d/postmaster.pid") sock=$(sed -n 5p "$d/postmaster.pid")
case $pid in ""|*[!0-9]*) cannot not-running "postmaster.pid names no pid" ;; esac
[ -d "/proc/$pid" ] || cannot not-running "postmaster.pid names pid $pid, which is not running (a stale file)"
[ "$(stat -c %u -- "$d/postmaster.pid" 2>/dev/null)" = "$uid" ] || cannot unsafe "$d/postmaster.pid is not owned by $owner"
[ "$(stat -c %u "/proc/$pid" 2>/dev/null)" = "$uid" ] || cannot unsafe "pid $pid (postmaster.pid) does not run as $owner"
case $port in ""|*[!0-9]*) cannot no-socket "postmaster.pid names no port" ;; esac
[ -n "$sock" ] || cannot no-socket "the server listens on no Unix socket (unix_socket_directories is empty)"
[ -S "$sock/.s.PGSQL.$port" ] || cannot socket-absent "no socket $sock/.s.PGSQL.$port"
# psql beside the running server (Debian: /usr/lib/postgresql/<major>/bin), then the one for the major
# version in PG_VERSION, then any on PATH.
psql=
exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
[ -n "$exe" ] && [ -x "${exe%/*}/psql" ] && psql=${exe%/*}/psql
if [ -z "$psql" ]; then
  v=$(head -n 1 "$d/PG_VERSION" 2>/dev/null)
  case $v in ""|*[!0-9.]*) ;; *) [ -x "/usr/lib/postgresql/$v/bin/psql" ] && psql=/usr/lib/postgresql/$v/bin/psql ;; esac
fi
[ -z "$psql" ] && psql=$(command -v psql 2>/dev/null)
[ -n "$psql" ] || cannot no-psql "no psql beside the server ($exe), for PG_VERSION or on PATH"
printf "P\t%s\t%s\t%s\t%s\t%s\0" "$owner" "$pid" "$port" "$sock" "$psql"
tab=$(printf "\t")
cd / || exit 2
PGCONNECT_TIMEOUT=5 PGAPPNAME=spoolscope
export PGCONNECT_TIMEOUT PGAPPNAME
q=$(printf "\047")
cur="case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end"
exec 3>&1
err=$(timeout -k 5 30 ${as:+"$as" -u "$owner" --} "$psql" -h "$sock" -p "$port" -d postgres -X -q -A -t -F "$tab" -0 \
  -c "set default_transaction_read_only = on" -c "set statement_timeout = 10000" \
  -c "select ${q}V${q}, current_setting(${q}server_version_num${q}), pg_is_in_recovery()" \
  -c "select ${q}S${q}, slot_name, slot_type, active, coalesce(wal_status, ${q}${q}), coalesce(pg_wal_lsn_diff($cur, restart_lsn)::bigint::text, ${q}${q}), coalesce(database::text, ${q}${q}) from pg_replication_slots order by restart_lsn nulls last limit 200" \
  -c "select ${q}A${q}, archived_count, failed_count, coalesce(last_failed_wal, ${q}${q}), coalesce(extract(epoch from last_failed_time)::bigint::text, ${q}${q}), coalesce(last_archived_wal, ${q}${q}), coalesce(extract(epoch from last_archived_time)::bigint::text, ${q}${q}), current_setting(${q}archive_mode${q}) from pg_stat_archiver" \
  -c "select ${q}Q${q}, count(*) from pg_ls_archive_statusdir() where name like ${q}%.ready${q}" \
  -c "select ${q}C${q}, name, setting, coalesce(unit, ${q}${q}), source, coalesce(sourcefile, current_setting(${q}config_file${q})) from pg_settings where name in (${q}max_slot_wal_keep_size${q}, ${q}wal_keep_size${q}, ${q}max_wal_size${q}, ${q}min_wal_size${q}, ${q}wal_segment_size${q}) order by name" \
  -c "select ${q}W${q}, count(*), coalesce(sum(size), 0) from pg_ls_waldir()" \
  2>&1 1>&3 3>&-)
rc=$?
printf "X\t%s\t%s\0" "$rc" "$(printf "%s" "$err" | head -c 2000 | tr "\t\n\r\000" "    ")"
' spoolscope-pg-findings
