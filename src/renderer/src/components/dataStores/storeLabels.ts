// How the window names a data store's kind (a banner's title, a fleet note's noun) and where each kind's own
// documentation of freeing its space lives. Names are what an operator searches for, not our enum values.
import type { DataStoreKind, ReapRule } from '../../../../shared/dataStoreModels';

interface KindText {
  /** A banner's or a card's title: "MySQL/MariaDB binary logs". */
  title: string;
  /** A fleet note's noun, lower case and short: "binlogs" (in "binlogs in /var/log/mysql"). */
  noun: string;
  /** The store's own documentation of the safe way to free its space (opened in a new tab). */
  docs: string;
}

export const KIND_TEXT: Readonly<Record<DataStoreKind, KindText>> = {
  journald: { title: 'systemd journal', noun: 'journal', docs: 'https://www.freedesktop.org/software/systemd/man/latest/journalctl.html#--vacuum-size=' },
  'docker-json': { title: 'Docker container log', noun: 'container logs', docs: 'https://docs.docker.com/engine/logging/drivers/json-file/' },
  'kubelet-cri': { title: 'kubelet pod log', noun: 'pod logs', docs: 'https://kubernetes.io/docs/concepts/cluster-administration/logging/#log-rotation' },
  postgresql: { title: 'PostgreSQL cluster', noun: 'PostgreSQL data', docs: 'https://www.postgresql.org/docs/15/wal-configuration.html' },
  'mysql-binlog': { title: 'MySQL/MariaDB binary logs', noun: 'binlogs', docs: 'https://mariadb.com/kb/en/purge-binary-logs/' },
  kafka: { title: 'Kafka log directory', noun: 'Kafka logs', docs: 'https://kafka.apache.org/documentation/#topicconfigs_retention.ms' },
  'prometheus-tsdb': { title: 'Prometheus TSDB', noun: 'Prometheus TSDB', docs: 'https://prometheus.io/docs/prometheus/latest/storage/' },
  elasticsearch: { title: 'Elasticsearch data path', noun: 'Elasticsearch data', docs: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/index-lifecycle-management.html' },
  clickhouse: { title: 'ClickHouse data', noun: 'ClickHouse data', docs: 'https://clickhouse.com/docs/en/operations/system-tables/detached_parts' },
  coredump: { title: 'Core dumps', noun: 'core dumps', docs: 'https://www.freedesktop.org/software/systemd/man/latest/coredump.conf.html' },
  'apt-cache': { title: 'apt package cache', noun: 'apt cache', docs: 'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html' },
  snap: { title: 'snap revisions', noun: 'snap revisions', docs: 'https://snapcraft.io/docs/managing-updates' },
  logrotate: { title: 'logrotate coverage', noun: 'rotated logs', docs: 'https://manpages.debian.org/bookworm/logrotate/logrotate.8.en.html' },
  'generic-wal': { title: 'Write-ahead log', noun: 'WAL', docs: 'https://en.wikipedia.org/wiki/Write-ahead_logging' },
};

/** Where Spoolscope's own account of data stores is (README and docs ship with the app's source). */
export const SPOOLSCOPE_STORES_DOC = 'docs/architecture.md#data-stores';

/** What a reap may do with a kind's files, in words for a badge. */
export const REAP_RULE_TEXT: Readonly<Record<ReapRule, string>> = {
  never: 'never reaped',
  'stopped-units': 'whole units, only while stopped',
  'rotated-only': 'rotated files only',
  free: 'ordinary files',
};

/** Rules under which a reap of a root holding the store leaves (some of) its files alone. */
export function blocksReaping(rule: ReapRule): boolean {
  return rule === 'never' || rule === 'stopped-units';
}

/**
 * The directory a store's files live in, for a note: a binlog set is listed by its index file, and "binlogs
 * in /var/log/mysql/mysql-bin.index" reads worse than the directory.
 */
export function storeDirectory(kind: DataStoreKind, path: string): string {
  if (kind !== 'mysql-binlog') return path;
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.slice(0, cut) : path;
}
