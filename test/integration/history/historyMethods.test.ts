// scan.history.list, scan.diff and scan.importNcdu through the dispatcher, as the window calls them: a diff
// against the scan a job just made, the stored scans newest first, a path-taking import refused to the
// window, and an import label refused as a node for any probe.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('history-methods');
const root = join(tmp.dir, 'spool');
let backend: Backend;
const ws = { frontDoor: 'websocket' as const };

async function scan(): Promise<string> {
  const r = await backend.dispatcher.call('scan.start', { node: 'local', root }, ws);
  if (!r.ok) throw new Error(r.message);
  const { jobId } = r.result as { jobId: string };
  await backend.scanSettled(jobId);
  return jobId;
}

beforeAll(() => {
  mkdirSync(join(root, 'wal'), { recursive: true });
  writeFileSync(join(root, 'wal/seg-000001.log'), Buffer.alloc(64 * 1024, 1));
  backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'websocket' });
});
afterAll(async () => {
  await backend.close();
  tmp.cleanup();
});

describe('scan history methods', () => {
  it('diffs the scan a job just made against the one before, and lists both newest first', async () => {
    await scan();
    writeFileSync(join(root, 'wal/seg-000002.log'), Buffer.alloc(128 * 1024, 2));
    appendFileSync(join(root, 'wal/seg-000001.log'), Buffer.alloc(64 * 1024, 3));
    const jobId = await scan();
    const r = await backend.dispatcher.call('scan.diff', { node: 'local', root, jobId }, ws);
    expect(r.ok).toBe(true);
    const d = (r as { result: { entries: { path: string; change: string }[]; from: unknown } }).result;
    expect(d.entries.map((e) => `${e.change} ${e.path}`)).toEqual(['grew wal', 'appeared wal/seg-000002.log', 'grew wal/seg-000001.log']);
    const list = await backend.dispatcher.call('scan.history.list', { node: 'local', root }, ws);
    const scans = (list as { result: { scans: { scannedAt: number; source: string | null }[] } }).result.scans;
    expect(scans).toHaveLength(2);
    expect(scans[0].scannedAt).toBeGreaterThanOrEqual(scans[1].scannedAt);
    expect(scans.every((s) => s.source === null)).toBe(true);
    const du = Number(execFileSync('du', ['-sk', root]).toString().split('\t')[0]) * 1024;
    expect((list as { result: { scans: { allocatedBytes: number }[] } }).result.scans[0].allocatedBytes).toBe(du);
  });

  it('colours the tree of the newest scan by its change since the one before (scan.changes)', async () => {
    const jobId = await scan();
    appendFileSync(join(root, 'wal/seg-000002.log'), Buffer.alloc(256 * 1024, 4));
    const later = await scan();
    const r = (await backend.dispatcher.call('scan.changes', { jobId: later, depth: 3, topN: 10 }, ws)) as {
      ok: boolean;
      result: { tree: { id: number; path: string; children?: { id: number; path: string }[] }; from: { id: number } | null; changes: { id: number; deltaBytes: number | null }[] };
    };
    expect(r.ok).toBe(true);
    const ids = new Map<string, number>();
    const walk = (n: { id: number; path: string; children?: { id: number; path: string }[] }) => {
      ids.set(n.path, n.id);
      (n.children ?? []).forEach(walk);
    };
    walk(r.result.tree);
    const delta = (path: string) => r.result.changes.find((c) => c.id === ids.get(path))?.deltaBytes;
    expect(delta('wal/seg-000002.log')).toBeGreaterThanOrEqual(256 * 1024);
    expect(delta('wal/seg-000001.log')).toBe(0);
    expect(delta('')).toBe(delta('wal'));
    // Against an older scan picked from the list: the same tree, another baseline.
    const list = (await backend.dispatcher.call('scan.history.list', { node: 'local', root }, ws)) as { result: { scans: { id: number }[] } };
    const oldest = list.result.scans[list.result.scans.length - 1].id;
    const vsOldest = (await backend.dispatcher.call('scan.changes', { jobId: later, fromId: oldest }, ws)) as { result: { from: { id: number }; changes: { id: number; beforeBytes: number | null; deltaBytes: number | null }[] } };
    expect(vsOldest.result.from.id).toBe(oldest);
    // The oldest scan had no seg-000002: against it, the whole file is new.
    const segBytes = Number(execFileSync('du', ['-B1', '-s', join(root, 'wal/seg-000002.log')]).toString().split('\t')[0]);
    expect(vsOldest.result.changes.find((c) => c.id === ids.get('wal/seg-000002.log'))).toEqual({ id: ids.get('wal/seg-000002.log'), beforeBytes: 0, deltaBytes: segBytes });
    expect(jobId).not.toBe(later);
  });

  it('refuses an import by path to the window, and any probe on an import label, with the reason', async () => {
    const imp = await backend.dispatcher.call('scan.importNcdu', { file: join(tmp.dir, 'x.json') }, ws);
    expect(imp).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringContaining('CLI only') });
    const start = await backend.dispatcher.call('scan.start', { node: 'import:db7', root: '/var/log' }, ws);
    expect(start).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringContaining('not scanned live') });
  });
});
