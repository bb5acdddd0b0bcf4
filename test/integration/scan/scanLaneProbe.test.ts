// The scan-lane probe as a conversation, locally and over a real sshd (a cold channel and a warm one): a lane
// says its cores, is fed batch after batch on one stdin (the first lane's first one its root pass), answers
// each with its records and then a batch-end record, scans hostile names as find sees them, survives a batch
// whose root vanished, and ends at EOF with status 0. A lane stopped mid-way pulls no more batches.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import { ScanRecordParser, relPathOf } from '../../../src/main/core/scan/scanRecordParser';
import { laneBatchInput, rootPassInput } from '../../../src/main/services/scan/scanJobs';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import type { ExecLimits, Transport } from '../../../src/main/transport/transport';
import { makeTempDir } from '../../support/tempDir';
import { useLabSsh } from '../../support/sshTransportTo';

const LIMITS: ExecLimits = { maxBytes: 64 << 20, maxRecords: 1_000_000, recordTerminator: 0, timeoutMs: 30_000, maxStderrBytes: 8192 };
const tmp = makeTempDir('lane');
const root = join(tmp.dir, 'root');
const gone = join(tmp.dir, 'gone');
const hostileDir = Buffer.concat([Buffer.from(join(root, 'h', 'a\nb $(touch x) -rf ')), Buffer.from([0xff])]);

beforeAll(() => {
  for (const d of ['a/x', 'b/y', 'c/z']) {
    mkdirSync(join(root, d), { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(join(root, d, `f${i}.log`), 'x'.repeat(i * 100));
  }
  mkdirSync(join(root, 'h'));
  mkdirSync(hostileDir);
  writeFileSync(Buffer.concat([hostileDir, Buffer.from('/-n\nx.log')]), 'y');
  mkdirSync(join(gone, 'a'), { recursive: true });
});
afterAll(() => tmp.cleanup());

interface Batch {
  root: string;
  /** None: the root pass. */
  starts?: string[];
  /** Runs once the batch before it has ended, before this one is sent. */
  before?: () => void;
}

/** Feeds `batches` one at a time, each only after the last one's end record; returns what each batch listed. */
async function converse(t: Transport, batches: Batch[], stopAfter = Infinity) {
  const perBatch: string[][] = [[]];
  let ended: (() => void) | null = null;
  let pulled = 0;
  const cores: number[] = [];
  const abort = new AbortController();
  const parser = new ScanRecordParser(
    (r) => perBatch.at(-1)!.push(relPathOf(r)),
    () => {
      perBatch.push([]);
      ended?.();
    },
    (n) => cores.push(n),
  );
  async function* feed(): AsyncGenerator<Buffer> {
    for (const b of batches) {
      b.before?.();
      pulled++;
      const done = new Promise<void>((resolve) => (ended = resolve));
      yield b.starts ? laneBatchInput(b.root, b.starts.map((s) => Buffer.from(s, 'latin1'))) : rootPassInput(b.root);
      await done;
      if (perBatch.length - 1 >= stopAfter) abort.abort();
    }
  }
  const h = t.exec(probeScripts.scanLane, feed(), LIMITS, abort.signal);
  for await (const c of h.stdout) parser.push(c);
  expect(parser.end()).toBe(false);
  return { perBatch: perBatch.slice(0, -1), outcome: await h.outcome, pulled, cores };
}

const hostileRel = Buffer.concat([Buffer.from('./h/a\nb $(touch x) -rf '), Buffer.from([0xff])]).toString('latin1');

function lanesOver(name: string, make: () => Transport) {
  describe(`scan-lane probe, ${name}`, () => {
    it('answers each batch in turn with its records and an end, hostile names and a vanished root included', async () => {
      const t = make();
      const r = await converse(t, [
        { root, starts: ['./a', './b'] },
        { root, starts: [hostileRel] },
        { root: gone, starts: ['./a'], before: () => rmSync(gone, { recursive: true, force: true }) },
        { root, starts: ['./c'] },
      ]);
      expect(r.perBatch.map((b) => [...b].sort())).toEqual([
        ['a/x', 'a/x/f0.log', 'a/x/f1.log', 'a/x/f2.log', 'b/y', 'b/y/f0.log', 'b/y/f1.log', 'b/y/f2.log'],
        [`${hostileRel.slice(2)}/-n\nx.log`],
        [],
        ['c/z', 'c/z/f0.log', 'c/z/f1.log', 'c/z/f2.log'],
      ]);
      expect(r.outcome.stderr).toContain('spoolscope-error: not-found');
      // EOF after the last batch ends the lane: the exit status is the loop's, 0.
      expect(r.outcome).toMatchObject({ exitCode: 0, limitHit: null });
    });

    it('says its cores first, lists the root two levels deep in its root pass, then takes subtree batches', async () => {
      const t = make();
      const r = await converse(t, [{ root }, { root, starts: ['./a'] }]);
      const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
      expect(r.cores).toEqual([nproc]);
      // The scan probe's listing: the root itself (''), and paths relative to it without "./".
      expect([...r.perBatch[0]].sort()).toEqual(['', 'a', 'a/x', 'b', 'b/y', 'c', 'c/z', 'h', hostileRel.slice(2)].sort());
      expect([...r.perBatch[1]].sort()).toEqual(['a/x', 'a/x/f0.log', 'a/x/f1.log', 'a/x/f2.log']);
      expect(r.outcome).toMatchObject({ exitCode: 0, limitHit: null, stderr: '' });
    });

    it("refuses a root pass of a missing root in the scan probe's words, lists nothing and still ends at EOF", async () => {
      const t = make();
      const r = await converse(t, [{ root: join(tmp.dir, 'never') }]);
      expect(r.perBatch).toEqual([[]]);
      expect(r.outcome.stderr).toMatch(/^spoolscope-error: not-found$/m);
      expect(r.outcome).toMatchObject({ exitCode: 0, limitHit: null });
    });

    it('answers batches sent back to back, each whole and in order (dd takes exactly one; the next stays on stdin)', async () => {
      const t = make();
      const sent = [rootPassInput(root), laneBatchInput(root, [Buffer.from('./a'), Buffer.from(hostileRel, 'latin1')]), laneBatchInput(root, [Buffer.from('./b')]), laneBatchInput(root, [Buffer.from('./c')])];
      const perBatch: string[][] = [[]];
      const parser = new ScanRecordParser(
        (r) => perBatch.at(-1)!.push(relPathOf(r)),
        () => perBatch.push([]),
        () => {},
      );
      // One buffer: all four batches sit in the pipe before the lane reads the first.
      const h = t.exec(probeScripts.scanLane, Buffer.concat(sent), LIMITS);
      for await (const c of h.stdout) parser.push(c);
      expect(parser.end()).toBe(false);
      expect(perBatch.slice(0, -1).map((b) => [...b].sort())).toEqual([
        ['', 'a', 'a/x', 'b', 'b/y', 'c', 'c/z', 'h', hostileRel.slice(2)].sort(),
        ['a/x', 'a/x/f0.log', 'a/x/f1.log', 'a/x/f2.log', `${hostileRel.slice(2)}/-n\nx.log`].sort(),
        ['b/y', 'b/y/f0.log', 'b/y/f1.log', 'b/y/f2.log'],
        ['c/z', 'c/z/f0.log', 'c/z/f1.log', 'c/z/f2.log'],
      ]);
      expect(await h.outcome).toMatchObject({ exitCode: 0, limitHit: null, stderr: '' });
    });

    it('pulls no more batches once stopped', async () => {
      const t = make();
      const batches = Array.from({ length: 6 }, () => ({ root, starts: ['./a'] }));
      const r = await converse(t, batches, 2);
      expect(r.outcome.limitHit).toBe('cancelled');
      expect(r.perBatch.length).toBeGreaterThanOrEqual(2);
      expect(r.pulled).toBeLessThanOrEqual(3);
    });
  });
}

lanesOver('local', () => new LocalTransport());

describe('over SSH', () => {
  const lab = useLabSsh();
  // The first command opens its own channel and warms others; the next ones run on warm channels (the script
  // itself on stdin ahead of the batches).
  lanesOver('SSH, cold then warm channels', () => lab().ssh);
});
