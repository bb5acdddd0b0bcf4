// What to tell about a data store: findings from its files, the store's own way to free its space (the
// command exactly as an operator runs it), and the setting that stops it recurring, with when that takes
// effect. Every action here is an operator's for now (id null); the ones the tool will run itself through
// `spoolscope act` (journald vacuum, truncating a container's active log, unlinking core dumps, apt-get clean)
// get an id and runnableBy 'tool' there. Names in commands are shown as text (displayName); a name the
// operator must fill in is written <LIKE_THIS>.
import { REAP_RULES, type DataStore, type StoreAction, type StoreConfigHint, type StoreFinding, type StoreGuidance } from '../../../shared/dataStoreModels';
import { formatBytes } from '../../../shared/formatBytes';
import { displayName } from '../common/displayName';
import { nameOf, parentOf } from './dirIndex';
import type { DetectedStore } from './detectedStore';

/** SQL string literal: a quote doubled. */
function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A shell word: single-quoted unless plainly safe. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function op(command: string, summary: string, risk: StoreAction['risk'], expectedFreeBytes: number | null = null, confirm: string | null = null): StoreAction {
  return { id: null, command, summary, runnableBy: 'operator', risk, expectedFreeBytes, confirm };
}

/** One MiB step up, as journalctl takes sizes ("512M"). */
function mib(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / (1024 * 1024)))}M`;
}

/** The step that stops a store before a reap may take its units (named in the plan's typed confirmation). */
export function stopStep(store: DetectedStore): string {
  if (store.kind === 'prometheus-tsdb') return 'systemctl stop prometheus';
  return `stop the process that writes ${displayName(store.path)}`;
}

interface Told {
  findings: StoreFinding[];
  actions: StoreAction[];
  configHints: StoreConfigHint[];
  /** The banner sentence: what it is and why its files are not unlinked. */
  summary: string;
}

function journald(s: DetectedStore): Told {
  const d = s.details;
  const path = displayName(s.path);
  const archived = d.archivedBytes ?? 0;
  const readers = s.holders.filter((h) => !/^systemd-journal/.test(h.comm));
  const findings: StoreFinding[] = [
    { code: 'archived-journals', text: `${d.archivedFiles ?? 0} archived journal file${d.archivedFiles === 1 ? '' : 's'} hold ${formatBytes(archived)}; the active ones ${formatBytes(d.activeBytes ?? 0)}`, bytes: archived },
  ];
  if (readers.length > 0) {
    findings.push({ code: 'journal-readers', text: `${readers.map((h) => `pid ${h.pid} (${h.comm})`).join(', ')} ${readers.length === 1 ? 'has' : 'have'} journal files open: unlinking them would free nothing until ${readers.length === 1 ? 'it closes' : 'they close'} them; vacuum frees the blocks anyway`, bytes: null });
  }
  return {
    summary: `systemd-journald's journal (${path}, ${formatBytes(s.bytes)}): never unlinked (a reader keeps an unlinked journal's blocks); journalctl --vacuum frees archived files`,
    findings,
    actions: [
      op(
        `journalctl --directory=${shellWord(path)} --vacuum-size=${mib(d.activeBytes ?? 0)}`,
        'removes archived journal files oldest first until the directory is at that size (the active files stay); frees their blocks even while a reader holds them',
        'data-loss',
        archived,
      ),
      op('journalctl --rotate --vacuum-time=2weeks', 'archives the active files first (needs journald running), then removes archived entries older than two weeks', 'data-loss'),
    ],
    configHints: [{ file: '/etc/systemd/journald.conf.d/50-size.conf', key: '[Journal] SystemMaxUse', current: null, suggested: '1G', takesEffect: 'after systemctl restart systemd-journald (archived files past it are removed at the next rotation)' }],
  };
}

function containerLog(s: DetectedStore): Told {
  const active = s.activeFiles[0];
  const rotatedNote = 'its rotated files are reaped like any rotated log';
  if (s.kind === 'docker-json') {
    const id = s.details.containerId ?? nameOf(s.path);
    // Named as docker ps names it where config.v2.json says, the short id beside; the name is what is typed.
    const name = s.details.containerName ?? null;
    const label = name ? `${name} (${id.slice(0, 12)})` : id.slice(0, 12);
    const unbounded = s.details.logMaxSize == null;
    const findings: StoreFinding[] = [];
    if (unbounded) findings.push({ code: 'container-log-unbounded', text: `container ${label} has no max-size in its LogConfig: its log grows without limit`, bytes: s.bytes });
    return {
      summary: `Docker json-file log of container ${label} (${formatBytes(s.bytes)}): the active log is never unlinked (dockerd keeps writing the unlinked inode); ${rotatedNote}`,
      findings,
      actions: active
        ? [
            op(
              `truncate -s 0 ${shellWord(displayName(active))}`,
              "empties the active log in place; clean only while dockerd's fd has O_APPEND (after a rotation it does not, and docker logs then reads NUL bytes until the container restarts)",
              'data-loss',
              null,
              name ?? id.slice(0, 12),
            ),
          ]
        : [],
      configHints: [
        { file: '/etc/docker/daemon.json', key: 'log-opts.max-size', current: s.details.logMaxSize ?? null, suggested: '100m', takesEffect: 'for containers created after systemctl restart docker (existing ones must be recreated)' },
        { file: '/etc/docker/daemon.json', key: 'log-opts.max-file', current: s.details.logMaxFile ?? null, suggested: '3', takesEffect: 'for containers created after systemctl restart docker (existing ones must be recreated)' },
      ],
    };
  }
  const container = nameOf(s.path);
  const pod = nameOf(parentOf(s.path));
  return {
    summary: `kubelet CRI log of container ${displayName(container)} in pod ${displayName(pod)} (${formatBytes(s.bytes)}): the active log is never unlinked; ${rotatedNote}`,
    findings: [],
    actions: active
      ? [op(`truncate -s 0 ${shellWord(displayName(active))}`, 'empties the active log in place; clean only while the runtime\'s fd has O_APPEND', 'data-loss', null, displayName(container))]
      : [],
    configHints: [{ file: '/var/lib/kubelet/config.yaml', key: 'containerLogMaxSize', current: null, suggested: '50Mi', takesEffect: 'after systemctl restart kubelet (running containers are rotated from then on)' }],
  };
}

function postgresql(s: DetectedStore): Told {
  const d = s.details;
  const path = displayName(s.path);
  const findings: StoreFinding[] = [{ code: 'wal-size', text: `pg_wal holds ${d.walSegments ?? 0} WAL segment${d.walSegments === 1 ? '' : 's'}, ${formatBytes(d.walBytes ?? 0)}`, bytes: d.walBytes ?? 0 }];
  for (const slot of d.slots ?? []) {
    findings.push({ code: 'replication-slot', text: `replication slot ${slot} exists (pg_replslot/${slot}): an inactive slot retains WAL until it is dropped; the query below says whether it is active and what it retains`, bytes: null });
  }
  if ((d.readyForArchive ?? 0) > 0) {
    findings.push({ code: 'archive-backlog', text: `${d.readyForArchive} WAL segment${d.readyForArchive === 1 ? ' waits' : 's wait'} for the archiver (archive_status/*.ready): a failing archive_command retains WAL`, bytes: null });
  }
  // Debian keeps a cluster's configuration in /etc/postgresql/<version>/<cluster>/ for /var/lib/postgresql/<version>/<cluster>.
  const m = /^\/var\/lib\/postgresql\/([^/]+)\/([^/]+)$/.exec(s.path);
  const conf = m ? `/etc/postgresql/${displayName(m[1])}/${displayName(m[2])}/postgresql.conf` : `${path}/postgresql.conf`;
  const actions = [
    op(
      'SELECT slot_name, slot_type, active, wal_status, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained FROM pg_replication_slots ORDER BY restart_lsn;',
      'read-only: which replication slots retain WAL, and how much',
      'low',
    ),
    op('SELECT archived_count, failed_count, last_failed_wal, last_failed_time FROM pg_stat_archiver;', 'read-only: whether archive_command is failing', 'low'),
  ];
  for (const slot of d.slots ?? []) {
    actions.push(op(`SELECT pg_drop_replication_slot(${sqlString(slot)}); CHECKPOINT;`, `only after finding what uses slot ${slot}: its replica or subscriber must then re-sync; the checkpoint removes the WAL it retained`, 'service-impact'));
  }
  return {
    summary: `PostgreSQL data directory${d.version ? ` (${d.version})` : ''} ${path} (${formatBytes(s.bytes)}): never unlinked (deleting WAL corrupts the cluster); free pg_wal by dropping what retains it`,
    findings,
    actions,
    configHints: [
      { file: conf, key: 'max_slot_wal_keep_size', current: null, suggested: '10GB', takesEffect: 'after SELECT pg_reload_conf() (a slot past it is invalidated instead of filling the disk)' },
      { file: conf, key: 'max_wal_size', current: null, suggested: '1GB', takesEffect: 'after SELECT pg_reload_conf(), at the next checkpoint' },
    ],
  };
}

function mysqlBinlog(s: DetectedStore): Told {
  const logs = s.details.binlogs ?? [];
  const total = logs.reduce((n, l) => n + l.bytes, 0);
  const newest = logs[logs.length - 1];
  const path = displayName(s.path);
  if (s.details.relay) {
    return {
      summary: `MySQL/MariaDB relay logs (${path}, ${formatBytes(total)}): never unlinked; the server purges them itself once applied (relay_log_purge)`,
      findings: [{ code: 'relay-logs', text: `${logs.length} relay log${logs.length === 1 ? '' : 's'}, ${formatBytes(total)}: many unapplied relay logs mean the replica's SQL thread is behind or stopped`, bytes: total }],
      actions: [op('SHOW REPLICA STATUS\\G', 'read-only: whether the replica applies its relay logs (MariaDB before 10.5: SHOW SLAVE STATUS)', 'low')],
      configHints: [],
    };
  }
  const older = logs.slice(0, -1).reduce((n, l) => n + l.bytes, 0);
  const actions = [op('SHOW BINARY LOGS;', 'read-only: the binary logs the server knows, with their sizes', 'low')];
  if (newest && logs.length > 1) {
    actions.push(
      op(
        `PURGE BINARY LOGS TO ${sqlString(displayName(newest.name))};`,
        'removes every binary log before that one and updates the index; a replica or CDC reader that still needs one of them loses it: check SHOW REPLICA STATUS on every replica first',
        'data-loss',
        older,
      ),
    );
  }
  return {
    summary: `MySQL/MariaDB binary logs (${path}, ${logs.length} logs, ${formatBytes(total)}): never unlinked (the index would name missing files and replicas fail with error 1236); purge them from the server`,
    findings: [{ code: 'binlog-total', text: `${logs.length} binary log${logs.length === 1 ? '' : 's'} hold ${formatBytes(total)}${newest ? `; ${displayName(newest.name)} is the newest (being written)` : ''}`, bytes: total }],
    actions,
    configHints: [{ file: 'my.cnf ([mysqld])', key: 'binlog_expire_logs_seconds', current: null, suggested: '259200', takesEffect: 'at the next binary log rotation or restart (FLUSH BINARY LOGS rotates now); SET GLOBAL applies it at once until a restart' }],
  };
}

function kafka(s: DetectedStore): Told {
  const parts = s.details.partitions ?? [];
  const topic = parts[0] ? parts[0].name.replace(/-\d+(\..*)?$/, '') : '<TOPIC>';
  return {
    summary: `Kafka log directory ${displayName(s.path)} (${formatBytes(s.bytes)}): never unlinked (the broker marks the directory offline and can shut down); lower retention on the topic`,
    findings: parts.slice(0, 5).map((p) => ({ code: 'partition-size', text: `partition ${p.name} holds ${formatBytes(p.bytes)}`, bytes: p.bytes })),
    actions: [
      op('kafka-log-dirs.sh --bootstrap-server <HOST>:9092 --describe', 'read-only: size per partition per log directory', 'low'),
      op(
        `kafka-configs.sh --bootstrap-server <HOST>:9092 --alter --entity-type topics --entity-name ${shellWord(topic)} --add-config retention.ms=86400000`,
        'keeps one day of the topic; the broker deletes older segments at its next retention check (5 minutes by default); consumers behind that lose data',
        'data-loss',
      ),
    ],
    configHints: [{ file: 'server.properties', key: 'log.retention.hours', current: null, suggested: '72', takesEffect: 'after a broker restart; a topic override (kafka-configs.sh) at once' }],
  };
}

function prometheus(s: DetectedStore): Told {
  const blocks = s.units.length;
  return {
    summary: `Prometheus TSDB ${displayName(s.path)} (${formatBytes(s.bytes)}, ${blocks} block${blocks === 1 ? '' : 's'}): never touched while it runs; stopped, whole oldest blocks may go (the newest kept); lowering retention is the supported way`,
    findings: blocks > 0 ? [{ code: 'blocks', text: `${blocks} block director${blocks === 1 ? 'y' : 'ies'}; wal/ and chunks_head/ are not counted by retention`, bytes: null }] : [],
    actions: [
      op(
        'add --storage.tsdb.retention.size=<SIZE> to ARGS in /etc/default/prometheus, then systemctl restart prometheus',
        'the server deletes its oldest blocks at startup until the blocks fit (wal/ and chunks_head/ come on top)',
        'service-impact',
      ),
      op(`promtool tsdb list ${shellWord(displayName(s.path))}`, 'read-only: the blocks with their time ranges and sizes', 'low'),
    ],
    configHints: [{ file: '/etc/default/prometheus', key: 'ARGS --storage.tsdb.retention.size', current: null, suggested: 'about 80% of the space you give it', takesEffect: 'after systemctl restart prometheus' }],
  };
}

function elasticsearch(s: DetectedStore): Told {
  return {
    summary: `Elasticsearch/OpenSearch data path ${displayName(s.path)} (${formatBytes(s.bytes)}): never touched (the cluster reports corruption or silently loses data); delete whole indices through its API`,
    findings: [],
    actions: [
      op("curl -s 'http://localhost:9200/_cat/indices?v&s=store.size:desc'", 'read-only: indices by size', 'low'),
      op("curl -X DELETE 'http://localhost:9200/<INDEX>'", 'deletes one whole index by its exact name', 'data-loss'),
    ],
    configHints: [{ file: 'an ILM (ISM on OpenSearch) policy', key: 'delete phase min_age', current: null, suggested: '30d', takesEffect: 'for indices the policy is attached to, at its next check' }],
  };
}

function clickhouse(s: DetectedStore): Told {
  const d = s.details;
  const findings: StoreFinding[] = [];
  if ((d.detachedBytes ?? 0) > 0) findings.push({ code: 'detached-parts', text: `detached parts hold ${formatBytes(d.detachedBytes ?? 0)} (not used by their tables)`, bytes: d.detachedBytes ?? 0 });
  if ((d.shadowBytes ?? 0) > 0) findings.push({ code: 'shadow-backups', text: `shadow/ (FREEZE backups) holds ${formatBytes(d.shadowBytes ?? 0)}: hard links, so removing them frees only blocks no live part shares`, bytes: d.shadowBytes ?? 0 });
  return {
    summary: `ClickHouse directory ${displayName(s.path)} (${formatBytes(s.bytes)}): never unlinked; drop detached parts and unfreeze backups through the server`,
    findings,
    actions: [
      op('SELECT database, table, name, reason, disk FROM system.detached_parts;', 'read-only: detached parts and why (an empty reason was detached by a user and can be re-attached)', 'low'),
      op("ALTER TABLE <DB>.<TABLE> DROP DETACHED PART '<NAME>' SETTINGS allow_drop_detached = 1;", 'removes one detached part', 'data-loss'),
      op("SYSTEM UNFREEZE WITH NAME '<BACKUP>';", 'removes a FREEZE backup from shadow/', 'data-loss'),
    ],
    configHints: [{ file: 'the table definition', key: 'TTL', current: null, suggested: 'a TTL on the table (and on system log tables in the server config)', takesEffect: 'at the next merge' }],
  };
}

function coredump(s: DetectedStore): Told {
  return {
    summary: `systemd-coredump's core files (${displayName(s.path)}, ${s.files} files, ${formatBytes(s.bytes)}): safe to remove at any time`,
    findings: [{ code: 'core-files', text: `${s.files} core file${s.files === 1 ? '' : 's'}, ${formatBytes(s.bytes)}`, bytes: s.bytes }],
    actions: [
      op('coredumpctl list', 'read-only: which crashes they are from', 'low'),
      op(`find ${shellWord(displayName(s.path))} -maxdepth 1 -type f -name 'core.*' -delete`, 'removes every core file (coredumpctl then shows them as missing)', 'low', s.bytes),
    ],
    configHints: [{ file: '/etc/systemd/coredump.conf', key: '[Coredump] MaxUse', current: null, suggested: '1G', takesEffect: 'at the next core dump' }],
  };
}

function aptCache(s: DetectedStore): Told {
  return {
    summary: `apt's package cache (${displayName(s.path)}, ${s.details.debs ?? 0} packages, ${formatBytes(s.bytes)}): apt-get clean frees it when no apt or dpkg runs`,
    findings: [{ code: 'downloaded-packages', text: `${s.details.debs ?? 0} downloaded package${s.details.debs === 1 ? '' : 's'}, ${formatBytes(s.bytes)}`, bytes: s.bytes }],
    actions: [op('apt-get clean', 'removes downloaded packages from the cache (waits for no apt or dpkg to hold its locks)', 'low', s.bytes)],
    configHints: [{ file: '/etc/apt/apt.conf.d/', key: 'Binary::apt::APT::Keep-Downloaded-Packages', current: null, suggested: '"false"', takesEffect: 'at the next apt install' }],
  };
}

function snap(s: DetectedStore): Told {
  const revs = s.details.snaps ?? [];
  const byName = new Map<string, string[]>();
  for (const r of revs) byName.set(r.name, [...(byName.get(r.name) ?? []), r.revision]);
  const actions = [op('snap list --all', 'read-only: which revisions are disabled (kept for rollback)', 'low')];
  for (const [name, rs] of byName) if (rs.length > 1) actions.push(op(`snap remove ${shellWord(name)} --revision=<DISABLED_REVISION>`, `removes one disabled revision of ${name} (revisions here: ${rs.join(', ')})`, 'low'));
  return {
    summary: `snap revisions (${displayName(s.path)}, ${formatBytes(s.bytes)}): never unlinked (each is a mounted image); snap removes disabled revisions`,
    findings: [...byName].filter(([, rs]) => rs.length > 1).map(([name, rs]) => ({ code: 'snap-revisions', text: `${name} keeps ${rs.length} revisions`, bytes: null })),
    actions,
    configHints: [{ file: 'snap system options', key: 'refresh.retain', current: null, suggested: '2', takesEffect: 'at the next refresh (snap set system refresh.retain=2)' }],
  };
}

function genericWal(s: DetectedStore): Told {
  const path = displayName(s.path);
  const held = s.holders.length > 0;
  return {
    summary: `a write-ahead log (${path}, ${s.files} files, ${formatBytes(s.bytes)})${held ? `, held by ${s.holders.map((h) => `pid ${h.pid} (${h.comm})`).slice(0, 2).join(', ')}` : ''}: never reaped while a process holds a file or lock in it; stopped, whole oldest segments may go (the newest kept) after a typed confirmation`,
    findings: [],
    actions: [op(`${stopStep(s)}; then: spoolscope plan ${shellWord(path)} --max-bytes <BYTES>`, "prefer the store's own compaction or retention; a reap of a stopped log takes whole segments, oldest first, and keeps the newest", 'data-loss')],
    configHints: [{ file: "the store's configuration", key: 'retention', current: null, suggested: "the store's own retention setting", takesEffect: 'as the store documents' }],
  };
}

function tell(s: DetectedStore): Told {
  switch (s.kind) {
    case 'journald':
      return journald(s);
    case 'docker-json':
    case 'kubelet-cri':
      return containerLog(s);
    case 'postgresql':
      return postgresql(s);
    case 'mysql-binlog':
      return mysqlBinlog(s);
    case 'kafka':
      return kafka(s);
    case 'prometheus-tsdb':
      return prometheus(s);
    case 'elasticsearch':
      return elasticsearch(s);
    case 'clickhouse':
      return clickhouse(s);
    case 'coredump':
      return coredump(s);
    case 'apt-cache':
      return aptCache(s);
    case 'snap':
      return snap(s);
    case 'generic-wal':
    case 'logrotate':
      return genericWal(s);
  }
}

export function toDataStore(s: DetectedStore): DataStore {
  const told = tell(s);
  return {
    kind: s.kind,
    path: displayName(s.path),
    bytes: s.bytes,
    files: s.files,
    reapRule: REAP_RULES[s.kind],
    holders: s.holders,
    evidence: s.evidence,
    findings: told.findings,
    actions: told.actions,
    configHints: told.configHints,
  };
}

/** What a reap skip of this store's files points to. */
export function guidanceOf(s: DetectedStore): StoreGuidance {
  const told = tell(s);
  return { kind: s.kind, path: displayName(s.path), summary: told.summary, actions: told.actions };
}
