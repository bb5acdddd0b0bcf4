// A synthetic node_exporter fleet for the Prometheus source's tests: the truth (each instance's filesystems,
// fills and fill rates, which are down), its 6 h of history as OpenMetrics for promtool to backfill, and an
// HTTP exporter speaking for every instance at once (scraped with honor_labels: true, so its instance and job
// labels stand). Values are functions of time, so the backfill and the live scrapes draw one line.
import { createServer, type Server } from 'node:http';
import { createWriteStream } from 'node:fs';
import type { AddressInfo } from 'node:net';

const GiB = 1024 ** 3;
export const JOB = 'node';

export interface TruthFs {
  mount: string;
  device: string;
  fstype: string;
  size: number;
  readonly: boolean;
  /** Available bytes at `t0`. */
  avail0: number;
  /** Bytes per second the disk fills by (0: stable). */
  rate: number;
}

export interface TruthInstance {
  instance: string;
  host: string;
  up: boolean;
  fs: TruthFs[];
}

/** Deterministic: instance i's fills come from i alone. Every 50th fills fast, every 97th slowly, every 200th is down. */
export function makeFleet(n: number, t0: number): { t0: number; instances: TruthInstance[] } {
  const instances: TruthInstance[] = [];
  for (let i = 0; i < n; i++) {
    const host = `n${String(i).padStart(5, '0')}`;
    const rootFill = 0.2 + ((i * 37) % 71) / 100; // 0.20 .. 0.90
    const root: TruthFs = { mount: '/', device: '/dev/sda1', fstype: 'ext4', size: 100 * GiB, readonly: false, avail0: Math.round(100 * GiB * (1 - rootFill)), rate: 0 };
    const varLog: TruthFs = { mount: '/var/log', device: '/dev/sdb1', fstype: 'xfs', size: 50 * GiB, readonly: false, avail0: 40 * GiB, rate: 0 };
    if (i % 50 === 7) {
      // Full in 20 min .. 6 h 40 min from t0, by i.
      const ttf = 1200 * (1 + (Math.floor(i / 50) % 20));
      varLog.rate = varLog.avail0 / ttf;
    } else if (i % 97 === 3) {
      varLog.rate = varLog.avail0 / (3 * 86400);
    }
    // Always full by design, and a read-only mount at 100%: neither may be an instance's worst.
    const snap: TruthFs = { mount: '/snap/core/1', device: '/dev/loop0', fstype: 'squashfs', size: GiB, readonly: true, avail0: 0, rate: 0 };
    const ro: TruthFs = { mount: '/mnt/archive', device: '/dev/sdc1', fstype: 'ext4', size: 10 * GiB, readonly: true, avail0: 0, rate: 0 };
    instances.push({ instance: `${host}:9100`, host, up: i % 200 !== 11, fs: [root, varLog, snap, ro] });
  }
  return { t0, instances };
}

export function availAt(fs: TruthFs, t0: number, t: number): number {
  return Math.max(0, Math.round(fs.avail0 - fs.rate * (t - t0)));
}

/** Seconds to full at `t`, null when stable. */
export function truthSecondsToFull(fs: TruthFs, t0: number, t: number): number | null {
  return fs.rate > 0 ? availAt(fs, t0, t) / fs.rate : null;
}

const labels = (inst: TruthInstance, fs?: TruthFs) =>
  `instance="${inst.instance}",job="${JOB}"` + (fs ? `,device="${fs.device}",fstype="${fs.fstype}",mountpoint="${fs.mount}"` : '');

/** The exposition at `t` (seconds) for the given instances; down ones expose only up 0. */
function exposition(instances: Iterable<TruthInstance>, t0: number, t: number): string {
  const up: string[] = ['# TYPE up gauge'];
  const size: string[] = ['# TYPE node_filesystem_size_bytes gauge'];
  const avail: string[] = ['# TYPE node_filesystem_avail_bytes gauge'];
  const ro: string[] = ['# TYPE node_filesystem_readonly gauge'];
  for (const inst of instances) {
    up.push(`up{${labels(inst)}} ${inst.up ? 1 : 0}`);
    if (!inst.up) continue;
    for (const fs of inst.fs) {
      size.push(`node_filesystem_size_bytes{${labels(inst, fs)}} ${fs.size}`);
      avail.push(`node_filesystem_avail_bytes{${labels(inst, fs)}} ${availAt(fs, t0, t)}`);
      ro.push(`node_filesystem_readonly{${labels(inst, fs)}} ${fs.readonly ? 1 : 0}`);
    }
  }
  return [...up, ...size, ...avail, ...ro].join('\n') + '\n';
}

export interface SyntheticExporter {
  port: number;
  /** Stop speaking for an instance: Prometheus marks its series stale at the next scrape. */
  remove(instance: string): void;
  scrapes(): number;
  close(): Promise<void>;
}

export async function startExporter(fleet: { t0: number; instances: TruthInstance[] }): Promise<SyntheticExporter> {
  const live = new Map(fleet.instances.map((i) => [i.instance, i]));
  let scrapes = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(exposition(live.values(), fleet.t0, Date.now() / 1000));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    remove: (instance) => void live.delete(instance),
    scrapes: () => scrapes,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * The history from `from` to `to` (seconds) as OpenMetrics, families grouped as promtool wants them: every
 * instance's up and the available bytes of the filesystems that are filling.
 */
export async function writeHistory(path: string, fleet: { t0: number; instances: TruthInstance[] }, from: number, to: number, stepSeconds: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const times: number[] = [];
  for (let t = from; t <= to; t += stepSeconds) times.push(t);
  const family = async (name: string, series: Array<{ l: string; v: (t: number) => number }>) => {
    await write(`# TYPE ${name} gauge\n`);
    for (const s of series) {
      let chunk = '';
      for (const t of times) chunk += `${name}{${s.l}} ${s.v(t)} ${t}\n`;
      await write(chunk);
    }
  };
  // Constant series need no past (the live scrapes give them); a fill rate does, and up's history is what
  // tells how long an instance has been seen (its trend's span).
  const filling = fleet.instances.filter((i) => i.up).flatMap((i) => i.fs.filter((fs) => fs.rate > 0).map((fs) => ({ i, fs })));
  await family('up', fleet.instances.map((i) => ({ l: labels(i), v: () => (i.up ? 1 : 0) })));
  await family('node_filesystem_avail_bytes', filling.map(({ i, fs }) => ({ l: labels(i, fs), v: (t: number) => availAt(fs, fleet.t0, t) })));
  await write('# EOF\n');
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}
