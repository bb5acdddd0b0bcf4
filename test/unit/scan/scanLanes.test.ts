// Lanes follow the node's cores: a lane says how many its shell may use, the scan runs that many finds side
// by side after the first lane's root pass (at most 8, and within an SSH connection's channels), each lane one
// stream fed batch after batch. A node that cannot run lanes is listed in one stream. A fake node stands in.
import { describe, expect, it } from 'vitest';
import { scanLanes } from '../../../src/main/core/scan/scanLanes';
import { SCAN_LIMITS, ScanJobs } from '../../../src/main/services/scan/scanJobs';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import type { ExecHandle, ExecInput, Transport } from '../../../src/main/transport/transport';

describe('scan lanes', () => {
  it('are min(cores, 8), within the transport channels, and two without a core count', () => {
    expect([1, 2, 3, 6, 8, 64].map((c) => scanLanes(c))).toEqual([1, 2, 3, 6, 8, 8]);
    expect(scanLanes(16, 4)).toBe(4);
    expect(scanLanes(2, 4)).toBe(2);
    expect(scanLanes(null)).toBe(2);
    expect(scanLanes(null, 1)).toBe(1);
  });

  /** The framed batches a lane's stdin carried: each "[root ]<bytes>\n" then NUL-terminated items, root first. */
  async function* laneBatches(stdin: ExecInput): AsyncGenerator<{ rootPass: boolean; items: string[] }> {
    if (Buffer.isBuffer(stdin)) throw new Error('a lane is fed its batches, not given them at once');
    for await (const chunk of stdin) {
      let text = chunk.toString('latin1');
      const rootPass = text.startsWith('root ');
      if (rootPass) text = text.slice('root '.length);
      const nl = text.indexOf('\n');
      const body = text.slice(nl + 1);
      expect(Number(text.slice(0, nl))).toBe(body.length);
      expect(body.endsWith('\0')).toBe(true);
      yield { rootPass, items: body.slice(0, -1).split('\0') };
    }
  }

  /**
   * A node of `cores` cores (null: its shell cannot tell) with 64 directories at depth 2; counts the lane
   * streams running at once, the commands started and the start directories each lane was handed. A lane in
   * `dying` ends during its first subtree batch; with `noLanes` every lane refuses (its dd cannot frame batches);
   * with `rootPassDies` the first lane is killed half-way through its root pass.
   */
  function fakeNode(cores: number | null, parallelChannels?: number, dying: (lane: number) => boolean = () => false, noLanes = false, rootPassDies = false) {
    let running = 0;
    let most = 0;
    let ahead = 0;
    let lanes = 0;
    const scripts: string[] = [];
    const rootPasses: number[] = [];
    const handed: string[] = [];
    const rec = (ino: number, type: string, rel: string) => Buffer.from(`1 ${ino} ${type} 4096 8 1 1700000000 ${rel}\0`);
    const shallowTree = () => [rec(1, 'd', ''), ...Array.from({ length: 8 }, (_, a) => [rec(10 + a, 'd', `a${a}`), ...Array.from({ length: 8 }, (_, b) => rec(100 + a * 8 + b, 'd', `a${a}/b${b}`))]).flat()];
    const transport: Transport = {
      nodeName: 'fake',
      ...(parallelChannels === undefined ? {} : { parallelChannels }),
      close: async () => {},
      exec(script, stdin): ExecHandle {
        scripts.push(script === probeScripts.scanLane ? 'lane' : script === probeScripts.scan ? 'scan' : 'other');
        const whole = script === probeScripts.scan;
        const lane = whole ? -1 : lanes++;
        let exitCode = 0;
        let stderr = '';
        let done!: () => void;
        const finished = new Promise<void>((r) => (done = r));
        return {
          stdout: (async function* () {
            try {
              if (whole) {
                expect(stdin).toEqual(Buffer.from('/spool\0all\0'));
                yield* shallowTree();
                for (let i = 0; i < 64; i++) yield rec(1000 + i, 'f', `a${Math.floor(i / 8)}/b${i % 8}/x`);
                return;
              }
              if (noLanes) {
                exitCode = 2;
                stderr = 'spoolscope-error: no-dd-fullblock\n';
                return;
              }
              most = Math.max(most, ++running);
              if (cores !== null) yield Buffer.from(`spoolscope-cores ${cores}\0`);
              // stdin read as a pipe with room fills: every batch the scan sends arrives at once, ahead of the one
              // being scanned; `ahead` is the most that ever waited.
              const inbox: { rootPass: boolean; items: string[] }[] = [];
              let closed = false;
              let busy = false;
              let wake: (() => void) | null = null;
              void (async () => {
                for await (const b of laneBatches(stdin)) {
                  inbox.push(b);
                  ahead = Math.max(ahead, inbox.length - (busy ? 0 : 1));
                  (wake as (() => void) | null)?.();
                }
                closed = true;
                (wake as (() => void) | null)?.();
              })();
              for (;;) {
                while (inbox.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
                const next = inbox.shift();
                if (!next) break;
                const { rootPass, items } = next;
                busy = true;
                if (rootPass) {
                  expect(items).toEqual(['/spool', '2']);
                  rootPasses.push(lane);
                  if (rootPassDies) {
                    yield* shallowTree().slice(0, 20);
                    exitCode = 137;
                    return;
                  }
                  yield* shallowTree();
                  busy = false;
                  yield Buffer.from('spoolscope-batch-end\0');
                  continue;
                }
                const [root, ...starts] = items;
                expect(root).toBe('/spool');
                await new Promise((r) => setTimeout(r, 5));
                if (dying(lane)) {
                  exitCode = 137;
                  stderr = 'spoolscope-error: no-dd-fullblock\n';
                  break;
                }
                handed.push(...starts);
                for (const s of starts) yield rec(1000 + handed.length, 'f', `${s}/x`);
                busy = false;
                yield Buffer.from('spoolscope-batch-end\0');
              }
            } finally {
              // A consumer that stops reading ends the command too, as a real transport's kill would.
              if (!whole && !noLanes) running--;
              done();
            }
          })(),
          outcome: finished.then(() => ({ exitCode, signal: null, limitHit: null, stdoutBytes: 0, stderr, stderrDroppedBytes: 0 })),
        };
      },
    };
    return { transport, most: () => most, handed: () => handed, lanes: () => lanes, scripts: () => scripts, rootPasses: () => rootPasses, ahead: () => ahead };
  }

  async function scanned(node: ReturnType<typeof fakeNode>, limits = SCAN_LIMITS) {
    const jobs = new ScanJobs({ transportFor: () => node.transport, onProgress: () => {}, limits });
    const id = jobs.start('fake', '/spool');
    for (let i = 0; i < 200 && jobs.progress(id).state === 'running'; i++) await new Promise((r) => setTimeout(r, 10));
    return { progress: jobs.progress(id), summary: jobs.summary(id) };
  }

  it.each([
    [1, undefined, 1],
    [4, undefined, 4],
    [32, undefined, 8],
    [32, 4, 4],
    [null, undefined, 2],
  ])('a node of %s cores (channels: %s) is scanned in %i lanes, one stream each, every directory handed once', async (cores, channels, lanes) => {
    const node = fakeNode(cores, channels);
    const { progress, summary } = await scanned(node);
    expect(progress.state).toBe('done');
    expect(progress.errors).toEqual([]);
    expect(node.most()).toBe(lanes);
    expect(node.lanes()).toBe(lanes);
    // A lane is sent its next batch once the last one ended, never ahead (stdin read as a pipe with room would).
    expect(node.ahead()).toBe(0);
    // The root pass is the first lane's first batch: no command of its own.
    expect(node.scripts()).toEqual(Array(lanes).fill('lane'));
    expect(node.rootPasses()).toEqual([0]);
    const all = Array.from({ length: 64 }, (_, i) => `./a${Math.floor(i / 8)}/b${i % 8}`);
    expect([...node.handed()].sort()).toEqual(all.sort());
    // One file below each directory: none lost between batches, no batch-end record counted as a file.
    expect(summary.files).toBe(64);
  });

  it("takes a dead lane's remaining batches in the other lanes, and says which were never scanned when all die", async () => {
    const oneDies = fakeNode(4, undefined, (lane) => lane === 0);
    const one = await scanned(oneDies);
    expect(one.progress.partial).toBe(true);
    // Only the batch the dead lane held was lost (a lane's share of the queue, 16 directories): the queue went
    // on through the other three lanes, and the loss is said, exactly.
    const lostDirs = 64 - oneDies.handed().length;
    expect(lostDirs).toBeGreaterThan(0);
    expect(lostDirs).toBeLessThanOrEqual(16);
    expect(one.summary.files).toBe(oneDies.handed().length);
    expect(one.progress.errors).toContain(`${lostDirs} directories at depth 2 were not wholly scanned: the scan stream that took them ended first`);
    expect(one.progress.errors.join('\n')).not.toMatch(/were not scanned/);

    const allDie = fakeNode(2, undefined, () => true);
    const all = await scanned(allDie);
    expect(all.progress.partial).toBe(true);
    expect(all.summary.files).toBe(0);
    // Each lane died in its first batch (a lane's share of what was left: 32, then 16); the rest never left
    // the queue. Both are said, apart.
    expect(all.progress.errors).toContain('16 directories at depth 2 were not scanned: every scan stream ended before them');
    expect(all.progress.errors).toContain('48 directories at depth 2 were not wholly scanned: the scan stream that took them ended first');
    // And why, once however many lanes said it.
    expect(all.progress.errors.filter((e) => e.includes('iflag=fullblock'))).toHaveLength(1);
  });

  it("makes a finished scan's summary once and shares it; a running scan's follows its tree", async () => {
    const node = fakeNode(2);
    const jobs = new ScanJobs({ transportFor: () => node.transport, onProgress: () => {} });
    const id = jobs.start('fake', '/spool');
    const seen: number[] = [];
    for (let i = 0; i < 200 && jobs.progress(id).state === 'running'; i++) {
      const running = jobs.summary(id);
      seen.push(running.files);
      // Not kept while running: the next ask sees the files found since.
      expect(jobs.summary(id)).not.toBe(running);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen.some((f) => f < 64)).toBe(true);
    const done = jobs.summary(id);
    expect(done.files).toBe(64);
    expect(jobs.summary(id)).toBe(done);
  });

  it('says so when the first lane dies during its root pass, and keeps what it listed', async () => {
    const node = fakeNode(4, undefined, () => false, false, true);
    const { progress, summary } = await scanned(node);
    expect(node.lanes()).toBe(1);
    expect(progress).toMatchObject({ state: 'done', partial: true });
    expect(progress.errors).toContain('the scan stream ended during its first pass (exit 137): nothing below depth 2 was scanned');
    expect(summary.dirs).toBe(19);
  });

  it('lists a node that cannot run lanes in one stream of the scan probe, completely and without a word', async () => {
    const node = fakeNode(4, undefined, () => false, true);
    const { progress, summary } = await scanned(node);
    expect(node.scripts()).toEqual(['lane', 'scan']);
    expect(progress).toMatchObject({ state: 'done', partial: false, errors: [] });
    expect(summary.files).toBe(64);
  });

  it('stops every lane once all of them together reach the scan\'s record limit, and says so', async () => {
    // The shallow pass lists 73 directories; 20 records are left for four lanes that would print 64.
    const node = fakeNode(4);
    const { progress, summary } = await scanned(node, { ...SCAN_LIMITS, maxRecords: 73 + 20 });
    const records = 73 + summary.files;
    expect(records).toBeGreaterThanOrEqual(73 + 20);
    // Each lane checks after each chunk (one record here): past the limit by at most one chunk per other lane.
    expect(records).toBeLessThanOrEqual(73 + 20 + 3);
    expect(progress).toMatchObject({ state: 'done', partial: true, message: 'stopped at the record limit: the result is partial' });
  });
});
