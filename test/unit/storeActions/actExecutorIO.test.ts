// The tool-action executors' records: fields separated by NUL, so reasons and names may hold tabs, newlines
// and quotes; a refusal names a process only for the kinds that have one; a record cut short is not read.
import { describe, expect, it } from 'vitest';
import { executorFields, parseExecutorOutput } from '../../../src/main/core/storeActions/actExecutorIO';
import type { ToolActionSpec } from '../../../src/main/core/storeActions/toolActionSpec';

const rec = (...fields: string[]) => Buffer.from(fields.map((f) => `${f}\0`).join(''), 'latin1');

describe('executor records', () => {
  it('reads a not-append refusal with its writer', () => {
    const r = parseExecutorOutput(Buffer.concat([rec('M', '/var/lib/docker'), rec('W', '812', 'dockerd', '0'), rec('R', 'not-append', 'pid 812 (dockerd)\twrites', '812', 'dockerd')]), 'truncate-container-log');
    expect(r.mount).toBe('/var/lib/docker');
    expect(r.writers).toEqual([{ pid: 812, comm: 'dockerd', append: false }]);
    expect(r.refusal).toEqual({ code: 'not-append', reason: 'pid 812 (dockerd)\twrites', pid: 812, comm: 'dockerd' });
    expect(r.malformed).toBe(0);
  });

  it('reads journalctl output with newlines, and a refusal without a process for journald', () => {
    const ok = parseExecutorOutput(Buffer.concat([rec('M', '/var/log/journal'), rec('C', '0', 'Deleted archived journal a\nVacuuming done\n')]), 'journald-vacuum');
    expect(ok).toMatchObject({ exitCode: 0, output: 'Deleted archived journal a\nVacuuming done\n', refusal: null });
    const refused = parseExecutorOutput(rec('R', 'changed', 'the journal directory is another one now'), 'journald-vacuum');
    expect(refused.refusal).toEqual({ code: 'changed', reason: 'the journal directory is another one now', pid: null, comm: null });
  });

  it('keeps core names as raw bytes, and drops a record cut short', () => {
    const name = 'core.\xff\n-x';
    const r = parseExecutorOutput(Buffer.concat([rec('F', 'ok', 'removed', name), rec('F', 'skipped', 'in-use', 'core.b'), Buffer.from('F\0ok\0rem', 'latin1')]), 'unlink-core-dumps');
    expect(r.files).toEqual([
      { name, ok: true, code: 'removed' },
      { name: 'core.b', ok: false, code: 'in-use' },
    ]);
    expect(r.checked).toBe(false);
  });

  it('an unknown refusal code reads as failed', () => {
    expect(parseExecutorOutput(rec('R', 'weird', 'x'), 'unlink-core-dumps').refusal!.code).toBe('failed');
  });

  it('sends a raw directory and every core field in order', () => {
    const spec = { kind: 'unlink-core-dumps', dir: { path: '/c\xff', dev: 1, ino: 2 }, files: [{ name: 'core.a', dev: 1, ino: 9, size: 10, blocks: 1, mtime: 5 }] } as unknown as ToolActionSpec;
    expect(executorFields(spec, 'run')).toEqual(['run', '/c\xff', '1', '2', '1', 'core.a', '9', '10', '5']);
  });
});
