// A day-partitioned text-log store for source attribution: logs/text/YYYY-MM-DD/<service>.log, one file per
// service, with the gateway's accept loop hitting EMFILE on the last day from 09:30 to its end. Built next to
// the SQLite store of buildLab (same days, same services, same runaway message), deterministic, plain
// (uncompressed) files. Its days are UTC days, all over: each is rated over its whole 24 h.
import fs from 'node:fs';
import path from 'node:path';
import { dayStartMs, normalMessage } from './buildLab';
import { mulberry32 } from '../support/mulberry32';

export interface TextStoreOptions {
  /** The gateway's bytes on the spike day over its median on the baseline days (default 25). */
  spikeMultiple?: number;
  /** Lines per baseline day over all services (default 4,000). */
  baselineLinesPerDay?: number;
}

export interface TextStoreInfo {
  /** logs/text under the root. */
  storeDir: string;
  /** Day directories, oldest first; the last is the spike day. */
  dayDirs: string[];
  spikeDayDir: string;
  spikeSource: string;
  spikeMessage: string;
  spikeMultiple: number;
  /** The spike began at this time (epoch ms) and runs to `spikeEndMs`, the end of the spike day. */
  spikeStartMs: number;
  spikeEndMs: number;
  /** Bytes per service per day, as written. */
  bytes: Record<string, Record<string, number>>;
}

const DAYS = [114, 115, 116, 117, 118, 119, 120];
const SPIKE_DAY = 120;
const SERVICES = ['api', 'ingest', 'scheduler', 'auth', 'gateway'];
const WEIGHTS: Record<string, number> = { api: 0.34, ingest: 0.3, scheduler: 0.14, auth: 0.16, gateway: 0.06 };
const SPIKE_MESSAGE = 'accept: Too many open files (os error 24)';
const DAY_MS = 86_400_000;

const isoDay = (doy: number) => new Date(dayStartMs(doy)).toISOString().slice(0, 10);

export function buildTextLogStore(root: string, opts: TextStoreOptions = {}): TextStoreInfo {
  const multiple = opts.spikeMultiple ?? 25;
  const perDay = opts.baselineLinesPerDay ?? 4_000;
  const storeDir = path.join(root, 'logs', 'text');
  const bytes: Record<string, Record<string, number>> = {};
  const dayDirs: string[] = [];
  // The runaway starts at 09:30 on the spike day and runs to its end.
  const spikeEndMs = dayStartMs(SPIKE_DAY) + DAY_MS;
  const spikeStartMs = dayStartMs(SPIKE_DAY) + 9.5 * 3_600_000;
  for (const doy of DAYS) {
    const rng = mulberry32(7000 + doy);
    const dir = path.join(storeDir, isoDay(doy));
    fs.mkdirSync(dir, { recursive: true });
    dayDirs.push(dir);
    const start = dayStartMs(doy);
    const span = DAY_MS;
    const lines = perDay;
    const out: Record<string, string[]> = Object.fromEntries(SERVICES.map((s) => [s, []]));
    for (let i = 0; i < lines; i++) {
      let r = rng();
      let src = SERVICES[SERVICES.length - 1];
      for (const s of SERVICES) {
        r -= WEIGHTS[s];
        if (r < 0) {
          src = s;
          break;
        }
      }
      const { level, msg } = normalMessage(rng, src);
      const t = new Date(start + Math.floor(((i + 0.5) * span) / lines)).toISOString();
      out[src].push(`${t} ${src}[${1000 + SERVICES.indexOf(src)}]: ${level.toUpperCase()} ${msg}`);
    }
    bytes[isoDay(doy)] = Object.fromEntries(SERVICES.map((s) => [s, out[s].reduce((n, l) => n + l.length + 1, 0)]));
    if (doy === SPIKE_DAY) {
      // Size the runaway from the gateway's median bytes on the baseline days.
      const base = DAYS.filter((d) => d !== SPIKE_DAY).map((d) => bytes[isoDay(d)].gateway).sort((a, b) => a - b);
      const median = (base[2] + base[3]) / 2;
      const target = median * multiple;
      const sample = `${new Date(spikeStartMs).toISOString()} gateway[1004]: ERROR ${SPIKE_MESSAGE}\n`.length;
      const have = bytes[isoDay(doy)].gateway;
      const extra = Math.max(0, Math.round((target - have) / sample));
      const spikeLines: Array<[number, string]> = [];
      for (let i = 0; i < extra; i++) {
        const t = spikeStartMs + Math.floor(((i + 0.5) * (spikeEndMs - spikeStartMs)) / extra);
        spikeLines.push([t, `${new Date(t).toISOString()} gateway[1004]: ERROR ${SPIKE_MESSAGE}`]);
      }
      const normal = out.gateway.map((l): [number, string] => [Date.parse(l.slice(0, 24)), l]);
      out.gateway = [...normal, ...spikeLines].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
      bytes[isoDay(doy)].gateway = out.gateway.reduce((n, l) => n + l.length + 1, 0);
    }
    for (const s of SERVICES) fs.writeFileSync(path.join(dir, `${s}.log`), out[s].join('\n') + '\n');
    const mtime = new Date(start + DAY_MS - 60_000);
    for (const s of SERVICES) fs.utimesSync(path.join(dir, `${s}.log`), mtime, mtime);
    fs.utimesSync(dir, mtime, mtime);
  }
  return { storeDir, dayDirs, spikeDayDir: dayDirs[dayDirs.length - 1], spikeSource: 'gateway', spikeMessage: SPIKE_MESSAGE, spikeMultiple: multiple, spikeStartMs, spikeEndMs, bytes };
}
