// Scan jobs: coalesced progress, cancel keeps the partial tree, limits mark the result partial.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanJobs, SCAN_LIMITS } from '../../../src/main/services/scan/scanJobs';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import type { Transport } from '../../../src/main/transport/transport';
import type { ScanProgress } from '../../../src/shared/models';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('jobs');
const root = join(tmp.dir, 'many');

beforeAll(() => {
  for (let d = 0; d < 40; d++) {
    mkdirSync(join(root, `d${d}`), { recursive: true });
    for (let f = 0; f < 250; f++) writeFileSync(join(root, `d${d}`, `f${f}`), '');
  }
});
afterAll(() => tmp.cleanup());

/** The real transport with a slow reader in front: each chunk waits, as behind a slow link. */
function slowTransport(delayMs: number): Transport {
  const inner = new LocalTransport();
  return {
    nodeName: 'slow',
    exec(script, stdin, limits, signal) {
      const h = inner.exec(script, stdin, limits, signal);
      // Small pieces, each late: the whole tree takes seconds to arrive however large the pipe's chunks
      // are, so a cancel after the first records always lands mid-scan.
      async function* slow() {
        for await (const c of h.stdout) {
          for (let at = 0; at < c.length; at += 4096) {
            await new Promise((r) => setTimeout(r, delayMs));
            yield c.subarray(at, at + 4096);
          }
        }
      }
      return { stdout: slow(), outcome: h.outcome };
    },
    close: () => inner.close(),
  };
}

function jobs(onProgress: (p: ScanProgress) => void = () => {}, limits = SCAN_LIMITS, transport: Transport = new LocalTransport()) {
  return new ScanJobs({ transportFor: () => transport, onProgress, limits });
}

describe('scan jobs', () => {
  it('cancelling keeps the partial tree and says it is partial', async () => {
    let cancelled = false;
    let id = '';
    // A slow consumer: cancel as soon as the first records are in.
    const s: ScanJobs = jobs(
      (p) => {
        if (!cancelled && p.state === 'running' && p.filesSeen > 0) cancelled = s.cancel(id);
      },
      SCAN_LIMITS,
      slowTransport(60),
    );
    id = s.start('local', root);
    const end = await s.wait(id);
    expect(cancelled).toBe(true);
    expect(end.state).toBe('cancelled');
    expect(end.partial).toBe(true);
    const tree = s.tree(id, undefined, 2, 10);
    expect(tree.files).toBeGreaterThan(0);
    expect(tree.files).toBeLessThan(10_000);
    expect(s.summary(id).partial).toBe(true);
  });

  it('emits progress at most every 150 ms while running, and always a final snapshot', async () => {
    const seen: ScanProgress[] = [];
    const s = jobs((p) => seen.push(p));
    const id = s.start('local', root);
    await s.wait(id);
    expect(seen.at(-1)).toMatchObject({ state: 'done', filesSeen: 10_000, partial: false });
    const running = seen.filter((p) => p.state === 'running');
    // first snapshot at start, then coalesced: never one per file
    expect(running.length).toBeLessThan(1 + Math.ceil(seen.at(-1)!.elapsedMs / 150) + 1);
  });

  it('marks a scan stopped by the record limit as partial with a message', async () => {
    const s = jobs(undefined, { ...SCAN_LIMITS, maxRecords: 500 });
    const id = s.start('local', root);
    const end = await s.wait(id);
    expect(end.state).toBe('done');
    expect(end.partial).toBe(true);
    expect(end.message).toContain('record limit');
    expect(s.summary(id).files).toBeLessThan(500);
  });

  it('cancelAll stops running scans and leaves no probe process behind', async () => {
    const s = jobs(undefined, SCAN_LIMITS, slowTransport(60));
    const id = s.start('local', root);
    await new Promise((r) => setTimeout(r, 100));
    await s.cancelAll();
    expect(s.progress(id).state).toBe('cancelled');
    // Processes of this scan: the root (a unique temp dir) in their arguments or as their cwd.
    const { execFileSync } = await import('node:child_process');
    // The root goes in the environment, so this checking shell does not match itself.
    const left = execFileSync(
      'sh',
      ['-c', 'for p in /proc/[0-9]*; do c=$(readlink "$p/cwd" 2>/dev/null); a=$(tr "\\0" " " < "$p/cmdline" 2>/dev/null); case "$c $a" in *"$ROOT"*) echo "$p $a";; esac; done'],
      { env: { ...process.env, ROOT: root } },
    ).toString();
    expect(left).toBe('');
  });

  it('keeps only the last few finished jobs and says so for an evicted one', async () => {
    const s = jobs();
    const small = join(tmp.dir, 'small');
    mkdirSync(small, { recursive: true });
    writeFileSync(join(small, 'a'), 'x');
    const first = s.start('local', small);
    await s.wait(first);
    for (let i = 0; i < 9; i++) await s.wait(s.start('local', small));
    expect(() => s.progress(first)).toThrow(/no scan job/);
  });

  it("lists a node whose dd cannot read whole blocks in one stream of the scan probe: the same tree, complete", async () => {
    // A dd like an old busybox's, first on PATH: it refuses iflag=fullblock, so no lane can frame its batches.
    const bin = join(tmp.dir, 'old-dd');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'dd'), '#!/bin/sh\nfor a; do case $a in iflag=*) echo "dd: invalid input flag" >&2; exit 1;; esac; done\nexec /bin/dd "$@"\n', { mode: 0o755 });
    const inner = new LocalTransport();
    const scripts: string[] = [];
    const oldDd: Transport = {
      nodeName: 'old-dd',
      exec(script, stdin, limits, signal) {
        scripts.push(script === probeScripts.scanLane ? 'lane' : script === probeScripts.scan ? 'scan' : 'other');
        return inner.exec(`PATH=${bin}:$PATH\nexport PATH\n${script}`, stdin, limits, signal);
      },
      close: () => inner.close(),
    };
    const viaLanes = jobs();
    const viaLanesId = viaLanes.start('local', root);
    await viaLanes.wait(viaLanesId);
    const s = jobs(() => {}, SCAN_LIMITS, oldDd);
    const id = s.start('local', root);
    const p = await s.wait(id);
    expect(scripts).toEqual(['lane', 'scan']);
    expect(p).toMatchObject({ state: 'done', partial: false, errors: [] });
    const totals = ({ files, dirs, allocatedBytes }: { files: number; dirs: number; allocatedBytes: number }) => ({ files, dirs, allocatedBytes });
    expect(totals(s.summary(id))).toEqual(totals(viaLanes.summary(viaLanesId)));
    expect(totals(s.summary(id))).toMatchObject({ files: 40 * 250, dirs: 40 });
  });
});
