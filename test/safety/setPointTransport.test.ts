// The set-point transport cuts the executors' stdin at entry boundaries without knowing their exact format
// (it is read from the data), runs one batch at a time and calls the hook between them. Pure: a fake inner
// transport stands for the node.
import { describe, expect, it } from 'vitest';
import { executorInput as reapInput, ENTRIES_PER_BATCH, type ExecutorStep } from '../../src/main/core/reap/reapExecutorIO';
import { executorInput as reclaimInput } from '../../src/main/core/held/reclaimPlan';
import { probeScripts } from '../../src/main/probe/probeScripts';
import type { ExecHandle, ExecLimits, ExecOutcome, Transport } from '../../src/main/transport/transport';
import { DEFAULT_LIMITS } from '../../src/main/transport/transport';
import type { ReclaimEntry } from '../../src/shared/heldModels';
import { reapInputLayout, SetPointTransport, splitReapInput, splitReclaimInput, type SetPoint } from '../support/setPointTransport';

const fieldsOf = (b: Buffer) => b.toString('latin1').slice(0, -1).split('\0');
const nul = (fields: string[]) => Buffer.from(fields.map((f) => `${f}\0`).join(''), 'latin1');

/** Entries of `width` fields led by their seq, with awkward values: numbers, a lone "0", a name like a root. */
function handMade(header: string[], width: number, count: number, perBatch: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % perBatch === 0) out.push(...header);
    const entry = [String(i), i % 2 ? '2026/001' : '.', '0', '1', 'f', '1'];
    while (entry.length < width) entry.push(entry.length % 3 === 0 ? '0' : `n${i}-${entry.length}`);
    out.push(...entry);
  }
  return out;
}

function step(seq: number, dir: string, names: string[]): ExecutorStep {
  return {
    seq,
    partition: dir,
    kind: 'f',
    dir,
    dirDev: 2049,
    dirIno: 100 + seq,
    members: names.map((n, i) => ({ dev: 2049, ino: 1000 + seq * 4 + i, type: 'f' as const, size: 10 + i, blocks: 8, nlink: 1, mtime: 1_700_000_000 + seq, rel: dir === '.' ? n : `${dir}/${n}` })),
  };
}

describe('reading the reap executor stdin as batches', () => {
  it('finds the header and entry widths of the format as written today and with fields added', () => {
    for (const [header, width] of [
      [['/srv/logs', '2049', '77'], 22],
      [['/srv/logs', '2049', '77', '31'], 22],
      [['/srv/logs', '2049', '77', '31'], 26],
    ] as const) {
      const fields = handMade([...header], width, 9, 4);
      expect(reapInputLayout(fields)).toEqual({ headerFields: header.length, entryFields: width });
    }
  });

  it("re-cuts the reaper's own stdin into small batches, each led by the header, every entry once and in order", () => {
    const hostile = ['new\nline.log', '0', '1', '-rf', '$(x)', Buffer.from([0xff, 0x2f - 1]).toString('latin1')];
    const steps = Array.from({ length: ENTRIES_PER_BATCH + 20 }, (_, i) => step(i, i % 3 ? `2026/${String(i).padStart(3, '0')}` : '.', hostile.slice(i % 4, (i % 4) + 1 + (i % 3))));
    const stdin = reapInput({ raw: '/srv/lo gs\n', dev: 2049, ino: 77, mountId: 31 }, steps);
    const { batches, keys, layout } = splitReapInput(stdin, 5);
    expect(keys.flat()).toEqual(steps.map((s) => String(s.seq)));
    expect(batches).toHaveLength(Math.ceil(steps.length / 5));
    const header = fieldsOf(stdin).slice(0, layout!.headerFields);
    const entries: string[] = [];
    for (const b of batches) {
      const f = fieldsOf(b);
      expect(f.slice(0, header.length)).toEqual(header);
      entries.push(...f.slice(header.length));
    }
    // The same entries, each once: what the encoder writes for each step alone, less its header.
    const root = { raw: '/srv/lo gs\n', dev: 2049, ino: 77, mountId: 31 };
    expect(entries).toEqual(steps.flatMap((s) => fieldsOf(reapInput(root, [s])).slice(header.length)));
  });

  it('reads a short plan as its entries, not as one entry holding everything after a number', () => {
    const steps = [step(0, '.', ['app.log.1']), step(1, '2026/001', ['logs.sqlite', 'logs.sqlite-wal']), step(2, '2026/001', ['x.log'])];
    const { keys } = splitReapInput(reapInput({ raw: '/r', dev: 5, ino: 6, mountId: 7 }, steps), 1);
    expect(keys).toEqual([['0'], ['1'], ['2']]);
  });

  it('refuses to guess when the data is not header-then-entries', () => {
    expect(() => reapInputLayout(['relative/root', '1', '2', '0', 'x'])).toThrow(/root path/);
    expect(() => reapInputLayout(['/r', 'dev', '0', 'x'])).toThrow(/cannot read/);
  });
});

describe('reading the truncate executor stdin as batches', () => {
  it('cuts it every few entries, by the field count per entry the plan implies', () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ pid: 4242, fd: 3 + i, dev: 41, ino: 9000 + i, startTime: 123456 }) as ReclaimEntry);
    const { batches, keys } = splitReclaimInput(reclaimInput(entries), entries.length, 2);
    expect(keys).toEqual([['4242:3', '4242:4'], ['4242:5', '4242:6'], ['4242:7']]);
    expect(Buffer.concat(batches).equals(reclaimInput(entries))).toBe(true);
    expect(() => splitReclaimInput(nul(['1', '2', '3']), 2, 1)).toThrow(/whole number/);
  });
});

describe('running an executor batch by batch', () => {
  /** Echoes each batch's first field as its output, and records what it was given. */
  function fakeNode(log: string[], given: ExecLimits[] = []): Transport {
    let n = 0;
    return {
      nodeName: 'fake',
      exec(_script: string, stdin: Buffer, limits: ExecLimits): ExecHandle {
        n++;
        given.push(limits);
        log.push(`exec ${fieldsOf(stdin).length} fields`);
        const out = Buffer.from(`${fieldsOf(stdin)[0]}\0`);
        // The second batch fails: the run's exit code is the first failure's.
        const outcome: ExecOutcome = { exitCode: n === 2 ? 1 : 0, signal: null, limitHit: null, stdoutBytes: out.length, stderr: `e${n};`, stderrDroppedBytes: 0 };
        return {
          stdout: (async function* () {
            yield out;
          })(),
          outcome: Promise.resolve(outcome),
        };
      },
      close: async () => {},
    };
  }

  it('calls the hook before the first batch, between batches after each has ended, and after the last', async () => {
    const log: string[] = [];
    const t = new SetPointTransport(fakeNode(log), {
      entriesPerBatch: 2,
      reclaimEntries: () => 5,
      hook: (p: SetPoint) => void log.push(`hook ${p.index}/${p.batches} next ${p.next.join(',')}`),
    });
    const entries = Array.from({ length: 5 }, (_, i) => ({ pid: 7, fd: i, dev: 1, ino: i + 1, startTime: 9 }) as ReclaimEntry);
    const h = t.exec(probeScripts.truncateHeld, reclaimInput(entries), DEFAULT_LIMITS);
    const chunks: Buffer[] = [];
    for await (const c of h.stdout) chunks.push(c);
    const outcome = await h.outcome;
    expect(log).toEqual(['hook 0/3 next 7:0,7:1', 'exec 10 fields', 'hook 1/3 next 7:2,7:3', 'exec 10 fields', 'hook 2/3 next 7:4', 'exec 5 fields', 'hook 3/3 next ']);
    expect(Buffer.concat(chunks).toString()).toBe('7\x007\x007\x00');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toBe('e1;e2;e3;');
  });

  it("shares one run's limits among its batches: each gets what the earlier ones left, plus one note's allowance", async () => {
    const entries = Array.from({ length: 4 }, (_, i) => ({ pid: 7, fd: i, dev: 1, ino: i + 1, startTime: 9 }) as ReclaimEntry);
    const run = async (maxRecords: number) => {
      const given: ExecLimits[] = [];
      const t = new SetPointTransport(fakeNode([], given), { entriesPerBatch: 1, reclaimEntries: () => 4, hook: () => {} });
      const h = t.exec(probeScripts.truncateHeld, reclaimInput(entries), { ...DEFAULT_LIMITS, recordTerminator: 0, maxRecords });
      for await (const _ of h.stdout) void _;
      return { given: given.map((l) => l.maxRecords), outcome: await h.outcome };
    };
    // Each batch prints one record; 2 allowed, plus 4 for each of the 3 extra batches.
    const roomy = await run(2);
    expect(roomy.given).toEqual([14, 13, 12, 11]);
    expect(roomy.outcome.limitHit).toBe(null);
    // Too few for the four records: the fourth batch is never run, as one exec would have been stopped.
    const tight = await run(-9);
    expect(tight.given).toEqual([3, 2, 1]);
    expect(tight.outcome.limitHit).toBe('records');
  });

  it('passes every other script straight through, and a hook that throws ends the run with its error', async () => {
    const log: string[] = [];
    const t = new SetPointTransport(fakeNode(log), {
      entriesPerBatch: 1,
      reclaimEntries: () => 2,
      hook: (p: SetPoint) => {
        if (p.index === 1) throw new Error('adversary failed');
      },
    });
    await t.exec(probeScripts.df, nul(['x']), DEFAULT_LIMITS).outcome;
    expect(log).toEqual(['exec 1 fields']);
    const h = t.exec(probeScripts.truncateHeld, nul(['1', '2', '3', '4', '5', '1', '3', '3', '4', '5']), DEFAULT_LIMITS);
    await expect(
      (async () => {
        for await (const _ of h.stdout) void _;
      })(),
    ).rejects.toThrow('adversary failed');
    expect(t.hookError).toBeInstanceOf(Error);
  });
});
