// Lanes follow the node's cores: the scan probe says how many it may use, the scan runs that many finds side
// by side after its shallow pass (at most 8, and within an SSH connection's channels). A fake node stands in.
import { describe, expect, it } from 'vitest';
import { coresFromStderr, scanLanes } from '../../../src/main/core/scan/scanLanes';
import { ScanJobs } from '../../../src/main/services/scan/scanJobs';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import type { ExecHandle, Transport } from '../../../src/main/transport/transport';

describe('scan lanes', () => {
  it('are min(cores, 8), within the transport channels, and two without a core count', () => {
    expect([1, 2, 3, 6, 8, 64].map((c) => scanLanes(c))).toEqual([1, 2, 3, 6, 8, 8]);
    expect(scanLanes(16, 4)).toBe(4);
    expect(scanLanes(2, 4)).toBe(2);
    expect(scanLanes(null)).toBe(2);
    expect(scanLanes(null, 1)).toBe(1);
  });

  it("read the core count from the probe's stderr line, and nothing else", () => {
    expect(coresFromStderr('find: x: Permission denied\nspoolscope-cores: 12\n')).toBe(12);
    expect(coresFromStderr('spoolscope-cores: 0\n')).toBeNull();
    expect(coresFromStderr('spoolscope-cores: many\n')).toBeNull();
    expect(coresFromStderr('')).toBeNull();
  });

  /** A node of `cores` cores with 64 directories at depth 2; counts the subtree finds running at once. */
  function fakeNode(cores: number, parallelChannels?: number) {
    let running = 0;
    let most = 0;
    const rec = (ino: number, type: string, rel: string) => Buffer.from(`1 ${ino} ${type} 4096 8 1 1700000000 ${rel}\0`);
    const transport: Transport = {
      nodeName: 'fake',
      ...(parallelChannels === undefined ? {} : { parallelChannels }),
      close: async () => {},
      exec(script): ExecHandle {
        const shallow = script === probeScripts.scan;
        const chunks = shallow ? [rec(1, 'd', ''), ...Array.from({ length: 8 }, (_, a) => [rec(10 + a, 'd', `a${a}`), ...Array.from({ length: 8 }, (_, b) => rec(100 + a * 8 + b, 'd', `a${a}/b${b}`))]).flat()] : [];
        let done!: () => void;
        const finished = new Promise<void>((r) => (done = r));
        return {
          stdout: (async function* () {
            if (!shallow) {
              most = Math.max(most, ++running);
              await new Promise((r) => setTimeout(r, 5));
              running--;
            }
            yield* chunks;
            done();
          })(),
          outcome: finished.then(() => ({ exitCode: 0, signal: null, limitHit: null, stdoutBytes: 0, stderr: shallow ? `spoolscope-cores: ${cores}\n` : '', stderrDroppedBytes: 0 })),
        };
      },
    };
    return { transport, most: () => most };
  }

  it.each([
    [1, undefined, 1],
    [4, undefined, 4],
    [32, undefined, 8],
    [32, 4, 4],
  ])('a node of %i cores (channels: %s) is scanned in %i lanes', async (cores, channels, lanes) => {
    const node = fakeNode(cores, channels);
    const jobs = new ScanJobs({ transportFor: () => node.transport, onProgress: () => {} });
    const id = jobs.start('fake', '/spool');
    for (let i = 0; i < 200 && jobs.progress(id).state === 'running'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(jobs.progress(id).state).toBe('done');
    expect(jobs.progress(id).errors).toEqual([]);
    expect(node.most()).toBe(lanes);
  });
});
