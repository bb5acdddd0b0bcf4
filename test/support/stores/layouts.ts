// Data-store fixtures built by each store's documented layout (../shared/STORES.md §3-9), for the stores
// and reap tests of issue 15: the files each store writes, with real magic bytes where the store has them,
// old mtimes so a plan would take them were they ordinary, and ordinary rotated logs beside them.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { superviseChild } from '../processes';

/** 2025-01-01: old enough for any age policy. */
export const OLD_S = Date.UTC(2025, 0, 1) / 1000;

export function put(path: string, content: string | Buffer, mtime = OLD_S): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, mtime, mtime);
}

/** `bytes` of a repeated line: a log's body. */
export function body(bytes: number, line = 'x'.repeat(63) + '\n'): Buffer {
  return Buffer.alloc(bytes, line);
}

const BINLOG_MAGIC = Buffer.from([0xfe, 0x62, 0x69, 0x6e]);

/**
 * MariaDB's binary logs as Debian's template places them (log_bin = /var/log/mysql/mysql-bin.log): numbered
 * logs starting with \xfebin, an index of their absolute paths, and the server's error log with its
 * rotations beside them (plain logs). Returns the binlog files and the plain files.
 */
export function buildMariadbLogDir(dir: string, count = 4, bytes = 64 * 1024): { binlogs: string[]; index: string; plain: string[] } {
  const binlogs: string[] = [];
  for (let i = 1; i <= count; i++) {
    const p = join(dir, `mysql-bin.${String(i).padStart(6, '0')}`);
    put(p, Buffer.concat([BINLOG_MAGIC, body(bytes - 4)]), OLD_S + i * 60);
    binlogs.push(p);
  }
  const index = join(dir, 'mysql-bin.index');
  put(index, binlogs.map((b) => `${b}\n`).join(''));
  const plain = [join(dir, 'error.log.1'), join(dir, 'error.log.2.gz')];
  for (const p of plain) put(p, body(8192));
  put(join(dir, 'error.log'), body(4096), Math.floor(Date.now() / 1000));
  return { binlogs, index, plain };
}

/** A Kafka log.dirs entry: meta.properties, the checkpoints, .lock, one topic partition of `segments` segments. */
export function buildKafkaLogDir(dir: string, segments = 3): { partitionDir: string; segmentLogs: string[] } {
  put(join(dir, 'meta.properties'), '#\nversion=0\nbroker.id=0\ncluster.id=Hx3-Jt8rTTmA4aPQ7Ly8Fw\n');
  for (const c of ['recovery-point-offset-checkpoint', 'replication-offset-checkpoint', 'log-start-offset-checkpoint', 'cleaner-offset-checkpoint']) put(join(dir, c), '0\n1\norders 0 3000\n');
  put(join(dir, '.lock'), '');
  const partitionDir = join(dir, 'orders-0');
  const segmentLogs: string[] = [];
  for (let s = 0; s < segments; s++) {
    const base = String(s * 1000).padStart(20, '0');
    put(join(partitionDir, `${base}.log`), body(32 * 1024), OLD_S + s * 60);
    put(join(partitionDir, `${base}.index`), Buffer.alloc(8192), OLD_S + s * 60);
    put(join(partitionDir, `${base}.timeindex`), Buffer.alloc(8192), OLD_S + s * 60);
    segmentLogs.push(join(partitionDir, `${base}.log`));
  }
  put(join(partitionDir, 'leader-epoch-checkpoint'), '0\n1\n0 0\n');
  put(join(partitionDir, 'partition.metadata'), 'version: 0\ntopic_id: 3ZB1xVn8QSOBJ9Kz7N9Glw\n');
  return { partitionDir, segmentLogs };
}

/** An Elasticsearch 7 / OpenSearch path.data: nodes/0/{node.lock,_state,indices/<uuid>/<shard>/{index,translog}}. */
export function buildElasticsearchData(dir: string): string[] {
  const n = join(dir, 'nodes/0');
  const files = [
    join(n, 'node.lock'),
    join(n, '_state/node-2.st'),
    join(n, '_state/manifest-3.st'),
    join(n, 'indices/2Vz1kHyaQxq5VAd7ZPF1Dg/0/index/_0.cfs'),
    join(n, 'indices/2Vz1kHyaQxq5VAd7ZPF1Dg/0/index/segments_2'),
    join(n, 'indices/2Vz1kHyaQxq5VAd7ZPF1Dg/0/translog/translog-00001.tlog'),
    join(n, 'indices/2Vz1kHyaQxq5VAd7ZPF1Dg/0/translog/translog-00002.tlog'),
    join(n, 'indices/2Vz1kHyaQxq5VAd7ZPF1Dg/0/translog/translog.ckp'),
  ];
  for (const f of files) put(f, body(4096));
  return files;
}

/** ClickHouse's /var/lib/clickhouse: metadata/, data/<db>/<table>/<part>/, a broken detached part, a FREEZE in shadow/. */
export function buildClickhouseDir(dir: string): string[] {
  const files = [
    join(dir, 'metadata/default.sql'),
    join(dir, 'status'),
    join(dir, 'preprocessed_configs/config.xml'),
    join(dir, 'data/default/hits/202601_1_1_0/data.bin'),
    join(dir, 'data/default/hits/202601_1_1_0/checksums.txt'),
    join(dir, 'data/default/hits/detached/broken-on-start_202512_2_2_0/data.bin'),
    join(dir, 'shadow/1/data/default/hits/202601_1_1_0/data.bin'),
    join(dir, 'data/default/hits/202601_00001_00001_0.log'),
  ];
  for (const f of files) put(f, body(8192));
  return files;
}

export const CONTAINER_ID = '3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899';

/** Docker's <data-root>/containers/<id>/: the json-file log, two rotations, hostconfig.json, config.v2.json. */
export function buildDockerContainer(containersDir: string, id = CONTAINER_ID): { active: string; rotated: string[] } {
  const dir = join(containersDir, id);
  const line = '{"log":"GET /healthz 200\\n","stream":"stdout","time":"2025-01-01T00:00:00.000000000Z"}\n';
  const active = join(dir, `${id}-json.log`);
  put(active, body(16 * 1024, line));
  const rotated = [join(dir, `${id}-json.log.1`), join(dir, `${id}-json.log.2.gz`)];
  for (const r of rotated) put(r, body(16 * 1024, line));
  put(join(dir, 'hostconfig.json'), JSON.stringify({ LogConfig: { Type: 'json-file', Config: {} }, NetworkMode: 'bridge' }));
  put(join(dir, 'config.v2.json'), JSON.stringify({ ID: id, LogPath: active }));
  return { active, rotated };
}

/** kubelet's /var/log/pods/<ns>_<pod>_<uid>/<container>/: the active 0.log, a dated rotation and its .gz. */
export function buildCriPodLogs(podsDir: string): { active: string; rotated: string[] } {
  const dir = join(podsDir, 'default_web-6d4cf56db6-9xk2p_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/nginx');
  const active = join(dir, '0.log');
  put(active, body(8192, '2025-01-01T00:00:00.000000000Z stdout F GET / 200\n'));
  const rotated = [join(dir, '0.log.20250101-000000'), join(dir, '0.log.20241231-000000.gz')];
  for (const r of rotated) put(r, body(8192));
  return { active, rotated };
}

/** A write-ahead log of some store (StemeDB's layout): data/wal/segment-NNNNNN.log beside a LOCK file. */
export function buildGenericWal(dir: string, segments = 5): string[] {
  const out: string[] = [];
  for (let i = 1; i <= segments; i++) {
    const p = join(dir, `segment-${String(i).padStart(6, '0')}.log`);
    put(p, body(16 * 1024), OLD_S + i * 60);
    out.push(p);
  }
  put(join(dir, 'LOCK'), '');
  return out;
}

export interface HeldOpen {
  pid: number;
  stop(): Promise<void>;
}

/**
 * A process whose arguments say Kafka's (java ... kafka.Kafka server.properties) holding `path` open for
 * appending, as a broker holds its active segment. python3 so argv can carry the marker; comm is python3.
 */
export async function holdOpenAsKafka(path: string): Promise<HeldOpen> {
  const fd = openSync(path, 'a');
  const child = spawn('python3', ['-c', 'import sys,time; print("ready", flush=True); time.sleep(600)', 'kafka.Kafka', '/etc/kafka/server.properties'], { stdio: ['ignore', 'pipe', 'inherit', fd] });
  closeSync(fd);
  const stop = superviseChild(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { pid: child.pid!, stop };
}
