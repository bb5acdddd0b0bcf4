// A plan's executor steps packed as columns: every step decodes to exactly what was planned (hostile names,
// numbers past 2^53, negative mtimes), in slices, small enough for a million files, and corrupt bytes are
// refused rather than read as some other plan.
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import type { ExecutorStep } from '../../../src/main/core/reap/reapExecutorIO';
import type { FactEntry } from '../../../src/main/core/reap/reapFacts';
import { decodeSteps, encodeSteps, StepsCodecError, StepsReader } from '../../../src/main/core/reap/reapStepsCodec';
import { packPlan, unpackPlan, type PlanHeader } from '../../../src/main/services/reap/reapPlanPacking';
import type { ReapPlan } from '../../../src/shared/reapModels';

function member(rel: string, extra: Partial<FactEntry> = {}): FactEntry {
  return { dev: 2049, ino: 100, type: 'f', size: 10, blocks: 8, nlink: 1, mtime: 1_700_000_000, rel, ...extra };
}

/** n one-file steps in one day directory, as a segment store plans them: inodes and names in sequence. */
function segmentSteps(n: number): ExecutorStep[] {
  const steps: ExecutorStep[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `2026/001/seg-${String(i).padStart(8, '0')}.log`;
    steps.push({ seq: i, partition: '2026/001', kind: 'f', dir: '2026/001', dirDev: 2049, dirIno: 77, members: [member(rel, { ino: 1000 + i, size: 4096, mtime: 1_767_225_600 + (i % 3) })] });
  }
  return steps;
}

describe('reap steps codec', () => {
  it('decodes every field of every step exactly: raw names with newlines, tabs and high bytes, any number', () => {
    const odd = '\n\t$(x) \xff\xfe\u0001-rf';
    const steps: ExecutorStep[] = [
      {
        seq: 0,
        partition: `2026/${odd}`,
        kind: 'f',
        dir: `2026/${odd}`,
        dirDev: 2049,
        dirIno: 5,
        members: [
          member(`2026/${odd}/logs.sqlite`, { ino: 2 ** 60, size: 0, mtime: -86_400 }),
          member(`2026/${odd}/logs.sqlite-wal`, { ino: 3, size: 2 ** 53 + 2, mtime: 1.5 }),
          member(`2026/${odd}/logs.sqlite-shm`, { ino: Number.MAX_SAFE_INTEGER, nlink: 3, type: 'other' }),
          member(`2026/${odd}/logs.sqlite-journal`, { ino: 0, blocks: 0, type: 'l' }),
        ],
      },
      { seq: 1, partition: 'app.log.3.gz', kind: 'f', dir: '.', dirDev: 2049, dirIno: 2, members: [member('app.log.3.gz', { ino: 7 })] },
      { seq: 2, partition: `2026/${odd}`, kind: 'd', dir: '2026', dirDev: 2049, dirIno: 4, members: [member(`2026/${odd}`, { type: 'd', ino: 5, nlink: 2 })] },
    ];
    expect(decodeSteps(encodeSteps(steps))).toEqual(steps);
  });

  it('reads the steps back a slice at a time, in order, each slice only once', () => {
    const steps = segmentSteps(1000);
    const reader = new StepsReader(encodeSteps(steps));
    expect(reader.total).toBe(1000);
    const got: ExecutorStep[] = [];
    while (reader.remaining > 0) got.push(...reader.next(64));
    expect(got).toEqual(steps);
    expect(reader.next(64)).toEqual([]);
  });

  it('packs a 100,000-file segment store in a few bytes a file (JSON of the same steps was about 250)', () => {
    const steps = segmentSteps(100_000);
    const encoded = encodeSteps(steps);
    const packed = deflateSync(encoded);
    expect(encoded.length / steps.length).toBeLessThan(40);
    expect(packed.length / steps.length).toBeLessThan(4);
    expect(JSON.stringify(steps).length / steps.length).toBeGreaterThan(200);
  });

  it('refuses bytes that are not a whole plan: another magic, a cut column, bytes left over', () => {
    const encoded = encodeSteps(segmentSteps(10));
    expect(() => new StepsReader(Buffer.from('nope'))).toThrow(StepsCodecError);
    expect(() => decodeSteps(encoded.subarray(0, encoded.length - 3))).toThrow(StepsCodecError);
    expect(() => decodeSteps(Buffer.concat([encoded, Buffer.from([1])]))).toThrow(StepsCodecError);
  });

  it('refuses a member that is not in its step\'s directory (the codec keeps only its name)', () => {
    const step: ExecutorStep = { seq: 0, partition: '2026/001', kind: 'f', dir: '2026/001', dirDev: 1, dirIno: 2, members: [member('2026/002/a.log')] };
    expect(() => encodeSteps([step])).toThrow(/not in 2026\/001/);
  });
});

describe('reap plan packing', () => {
  it('gives back the wire plan, the root\'s identity and the steps; a corrupt buffer is refused', () => {
    const plan = { planId: 'reap-1', node: 'local', root: '/logs', physicalRoot: '/logs', entries: [], skipped: [], warnings: ['w'] } as unknown as ReapPlan;
    const header: PlanHeader = { plan, rootRaw: '/lo\xffgs', rootDev: 2049, rootIno: 2, rootMountId: 31 };
    const steps = segmentSteps(5);
    const packed = packPlan(header, steps);
    const back = unpackPlan(packed);
    expect(back.header).toEqual(header);
    expect(back.steps.next(10)).toEqual(steps);
    const corrupt = Buffer.from(packed);
    corrupt[corrupt.length - 6] ^= 0xff;
    expect(() => unpackPlan(corrupt)).toThrow(/cannot be read.*plan again/);
  });
});
