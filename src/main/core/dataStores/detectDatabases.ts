// Database stores: PostgreSQL data directories, MySQL/MariaDB binary and relay logs, Elasticsearch/OpenSearch
// data paths, ClickHouse's directory. Never unlinked by a reap: each frees its space with its own command.
import type { StoreEvidence } from '../../../shared/dataStoreModels';
import { displayName } from '../common/displayName';
import { isUnder, joinPath, nameOf } from './dirIndex';
import { newStore, type DetectedStore, type DetectionContext } from './detectedStore';

export const BINLOG_MAGIC = 'fe62696e';
/** basename.NNNNNN: MySQL 8's binlog.000001, mysql-bin.000042, host-relay-bin.000003. */
export const BINLOG_NAME = /^(.+)\.(\d{6,})$/s;

function firstLine(text: string | undefined): string | null {
  if (text === undefined) return null;
  const line = text.split('\n')[0].trim();
  return line === '' ? null : line;
}

/** Server processes whose arguments name `dir` (postgres -D DIR, --datadir=DIR, --storage.tsdb.path=DIR...). */
export function serverNaming(ctx: DetectionContext, dir: string, comms: RegExp): { pid: number; comm: string } | null {
  for (const [pid, args] of ctx.processes.cmdlines) {
    const comm = ctx.processes.comms.get(pid) ?? '';
    if (!comms.test(comm) && !comms.test(nameOf(args[0] ?? ''))) continue;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : /^-[A-Za-z]$/.test(a) ? (args[i + 1] ?? '') : a;
      if (value.replace(/\/+$/, '') === dir) return { pid, comm };
    }
  }
  return null;
}

export function detectPostgresql(ctx: DetectionContext): DetectedStore[] {
  const { index, reads } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    if (!index.hasFile(dir, 'PG_VERSION')) continue;
    const wal = index.hasDir(dir, 'pg_wal') ? 'pg_wal' : index.hasDir(dir, 'pg_xlog') ? 'pg_xlog' : null;
    // base/<oid>/PG_VERSION marks a database inside a cluster, not a cluster: it has no WAL and no global/.
    if (!wal && !index.hasDir(dir, 'global') && !index.hasFile(dir, 'postmaster.pid')) continue;
    const version = firstLine(reads.texts.get(joinPath(dir, 'PG_VERSION')));
    const evidence: StoreEvidence[] = [{ what: `PG_VERSION${version ? ` (${version})` : ''}`, path: displayName(joinPath(dir, 'PG_VERSION')) }];
    if (wal) evidence.push({ what: `${wal}/ (write-ahead log)`, path: displayName(joinPath(dir, wal)) });
    const pid = firstLine(reads.texts.get(joinPath(dir, 'postmaster.pid')));
    if (index.hasFile(dir, 'postmaster.pid')) evidence.push({ what: `postmaster.pid${pid ? ` (pid ${pid})` : ''}: the server was running when it was written`, path: displayName(joinPath(dir, 'postmaster.pid')) });
    const server = serverNaming(ctx, dir, /^(postgres|postmaster)$/);
    if (server) evidence.push({ what: `pid ${server.pid} (${server.comm}) runs with this data directory`, path: null });
    let walBytes = 0;
    let walSegments = 0;
    let readyForArchive = 0;
    if (wal) {
      const walDir = joinPath(dir, wal);
      for (const e of index.under(walDir)) {
        if (e.type !== 'f') continue;
        walBytes += e.blocks * 512;
        if (/^[0-9A-F]{24}$/.test(nameOf(e.path))) walSegments++;
        if (e.path.endsWith('.ready') && isUnder(e.path, joinPath(walDir, 'archive_status'))) readyForArchive++;
      }
    }
    const slots = index.subdirs(joinPath(dir, 'pg_replslot')).map((e) => displayName(nameOf(e.path)));
    out.push(newStore('postgresql', dir, evidence, { managedDirs: [dir], details: { version: version ?? undefined, walBytes, walSegments, readyForArchive, slots, serverPid: server?.pid } }));
  }
  return out;
}

/** The file names an index lists, in order: "./binlog.000001" or an absolute path, one per line. */
export function binlogIndexNames(text: string, dir: string): string[] {
  const names: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (line.startsWith('/')) {
      if (line.slice(0, line.lastIndexOf('/')) === dir) names.push(line.slice(line.lastIndexOf('/') + 1));
      else names.push(line);
    } else names.push(line.replace(/^\.\//, ''));
  }
  return names;
}

export function detectMysqlBinlog(ctx: DetectionContext): DetectedStore[] {
  const { index, reads } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    const files = index.files(dir);
    const numbered = new Map<string, string[]>();
    for (const e of files) {
      const m = BINLOG_NAME.exec(nameOf(e.path));
      if (!m) continue;
      const list = numbered.get(m[1]) ?? [];
      list.push(nameOf(e.path));
      numbered.set(m[1], list);
    }
    for (const [base, names] of numbered) {
      const magicFile = names.map((n) => joinPath(dir, n)).find((p) => reads.magic.get(p)?.startsWith(BINLOG_MAGIC));
      if (!magicFile) continue;
      const indexPath = joinPath(dir, `${base}.index`);
      const indexText = reads.texts.get(indexPath);
      const listed = indexText !== undefined ? binlogIndexNames(indexText, dir) : [];
      // The index is the server's own list: every file it names is the server's, and the magic-bearing
      // siblings too (a file the index no longer lists may still be read by a replica that fell behind).
      const managed = new Set(names.map((n) => joinPath(dir, n)));
      for (const n of listed) managed.add(n.startsWith('/') ? n : joinPath(dir, n));
      const evidence: StoreEvidence[] = [{ what: `magic \\xfebin (a binary log)`, path: displayName(magicFile) }];
      if (indexText !== undefined) {
        managed.add(indexPath);
        evidence.push({ what: `index listing ${listed.length} log${listed.length === 1 ? '' : 's'}`, path: displayName(indexPath) });
      }
      for (const extra of [`${base}.~rec~`, `${base}.index_crash_safe`]) if (index.hasFile(dir, extra)) managed.add(joinPath(dir, extra));
      const relay = /relay-bin$/.test(base);
      const order = listed.length > 0 ? listed.filter((n) => !n.startsWith('/')) : [...names].sort();
      const binlogs = order.map((n) => ({ name: n, bytes: (index.child(dir, n)?.blocks ?? 0) * 512 }));
      out.push(newStore('mysql-binlog', indexText !== undefined ? indexPath : joinPath(dir, base), evidence, { managedFiles: [...managed], details: { binlogs, indexPath: indexText !== undefined ? indexPath : undefined, relay } }));
    }
  }
  return out;
}

export function detectElasticsearch(ctx: DetectionContext): DetectedStore[] {
  const { index } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    // 7.x and OpenSearch: <path.data>/nodes/0/{node.lock,_state,indices}; 8.x drops nodes/0.
    const legacy = index.hasDir(dir, 'nodes') && (index.hasFile(joinPath(dir, 'nodes/0'), 'node.lock') || index.hasDir(joinPath(dir, 'nodes/0'), '_state'));
    const modern = index.hasFile(dir, 'node.lock') && index.hasDir(dir, '_state');
    if (!legacy && !modern) continue;
    const lock = legacy ? joinPath(dir, 'nodes/0/node.lock') : joinPath(dir, 'node.lock');
    const evidence: StoreEvidence[] = [{ what: 'node.lock and _state/ (an Elasticsearch or OpenSearch data path)', path: displayName(lock) }];
    const server = serverNaming(ctx, dir, /^(java|elasticsearch|opensearch)$/);
    out.push(newStore('elasticsearch', dir, evidence, { managedDirs: [dir], details: { serverPid: server?.pid } }));
  }
  return out;
}

export function detectClickhouse(ctx: DetectionContext): DetectedStore[] {
  const { index } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    if (!index.hasDir(dir, 'metadata') || !(index.hasDir(dir, 'data') || index.hasDir(dir, 'store'))) continue;
    const shadow = index.hasDir(dir, 'shadow');
    if (!shadow && !index.hasDir(dir, 'preprocessed_configs') && !index.hasFile(dir, 'status') && !index.hasDir(dir, 'flags')) continue;
    let detachedBytes = 0;
    let shadowBytes = 0;
    let detached = 0;
    for (const e of index.under(dir)) {
      if (e.type !== 'f') continue;
      if (isUnder(e.path, joinPath(dir, 'shadow'))) shadowBytes += e.blocks * 512;
      else if (e.path.includes('/detached/')) {
        detachedBytes += e.blocks * 512;
        detached++;
      }
    }
    const evidence: StoreEvidence[] = [{ what: `metadata/ and ${index.hasDir(dir, 'store') ? 'store/' : 'data/'} (ClickHouse's directory)`, path: displayName(dir) }];
    if (shadow) evidence.push({ what: 'shadow/ (FREEZE backups)', path: displayName(joinPath(dir, 'shadow')) });
    if (detached > 0) evidence.push({ what: `${detached} file${detached === 1 ? '' : 's'} in detached/ parts`, path: null });
    out.push(newStore('clickhouse', dir, evidence, { managedDirs: [dir], details: { detachedBytes, shadowBytes } }));
  }
  return out;
}

