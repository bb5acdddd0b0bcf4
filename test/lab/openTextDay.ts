// A text-log store whose newest day is still being written (logs/live-text/YYYY-MM-DD/<service>.log), for
// the open day's rates: a steady writer with a line every 10 s up to now, one that wrote a burst in one
// second early in the day and has been idle since, a compressed rotation, an empty file, and more small
// services than the tail sampling reads. The days before it hold the steady writer's whole days.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface OpenTextDayOptions {
  /** ISO dates of the finished days before, oldest first, and their [start, end) in epoch ms. */
  before: { date: string; startMs: number; endMs: number }[];
  /** The open day: its date, its start, and now. */
  open: { date: string; startMs: number; nowMs: number };
  /** Small services beyond what the sampling tails (default 34: it reads the 32 largest files). */
  smallServices?: number;
}

export interface OpenTextDayInfo {
  storeDir: string;
  openDayDir: string;
  /** File name -> bytes and lines as written, in the open day. */
  files: Record<string, { bytes: number; lines: number }>;
  /** Bytes the steady writer wrote in the 5 minutes before now. */
  steadyLastFiveMinutesBytes: number;
  steadyStepMs: number;
  burstAtMs: number;
  /** Bytes per day of the steady writer on the days before. */
  steadyBytesBefore: number[];
}

const STEP_MS = 10_000;

function steadyLines(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let t = fromMs, i = 0; t < toMs; t += STEP_MS, i++) out.push(`${new Date(t).toISOString()} steady[42]: INFO tick ${i} queue=${i % 17} lag=${(i * 7) % 100}ms`);
  return out;
}

const write = (file: string, lines: string[], mtimeMs: number) => {
  const text = lines.length > 0 ? lines.join('\n') + '\n' : '';
  fs.writeFileSync(file, text);
  fs.utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
  return { bytes: Buffer.byteLength(text), lines: lines.length };
};

export function buildOpenTextDay(storeDir: string, opts: OpenTextDayOptions): OpenTextDayInfo {
  const steadyBytesBefore: number[] = [];
  for (const d of opts.before) {
    const dir = path.join(storeDir, d.date);
    fs.mkdirSync(dir, { recursive: true });
    steadyBytesBefore.push(write(path.join(dir, 'steady.log'), steadyLines(d.startMs, d.endMs), d.endMs - 1000).bytes);
  }
  const { date, startMs, nowMs } = opts.open;
  const dir = path.join(storeDir, date);
  fs.mkdirSync(dir, { recursive: true });
  const files: OpenTextDayInfo['files'] = {};
  const steady = steadyLines(startMs, nowMs);
  files['steady.log'] = write(path.join(dir, 'steady.log'), steady, nowMs);
  const lastFive = steady.filter((l) => Date.parse(l.slice(0, 24)) > nowMs - 300_000);
  // 200 lines in one second, a minute after midnight; nothing since.
  const burstAtMs = startMs + 60_000;
  const burst = Array.from({ length: 200 }, (_, i) => `${new Date(burstAtMs + i * 5).toISOString()} burst[7]: WARN retry ${i} of batch 31`);
  files['burst.log'] = write(path.join(dir, 'burst.log'), burst, burstAtMs + 1000);
  const rotated = zlib.gzipSync(steadyLines(startMs, startMs + 3_600_000).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'rotated.log.1.gz'), rotated);
  files['rotated.log.1.gz'] = { bytes: rotated.length, lines: 360 };
  files['empty.log'] = write(path.join(dir, 'empty.log'), [], startMs);
  for (let k = 0; k < (opts.smallServices ?? 34); k++) {
    // Letters, not digits: a numbered name is a rotation of one source (svc-01.log is svc's).
    const name = `svc-${String.fromCharCode(97 + Math.floor(k / 26))}${String.fromCharCode(97 + (k % 26))}.log`;
    // Sizes grow with k: the smallest are the ones left out.
    const lines = Array.from({ length: 10 + k * 5 }, (_, i) => `${new Date(startMs + 120_000 + i * 1000).toISOString()} ${name.slice(0, -4)}[9]: INFO job ${i} done`);
    files[name] = write(path.join(dir, name), lines, startMs + 200_000);
  }
  return {
    storeDir,
    openDayDir: dir,
    files,
    steadyLastFiveMinutesBytes: lastFive.reduce((n, l) => n + l.length + 1, 0),
    steadyStepMs: STEP_MS,
    burstAtMs,
    steadyBytesBefore,
  };
}
