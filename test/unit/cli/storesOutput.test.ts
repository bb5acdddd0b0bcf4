import { describe, expect, it } from 'vitest';
import { storesExitCode, storesText, unsavedToolActions } from '../../../src/main/cli/commands/storesCommand';
import type { DataStore, StoresReport } from '../../../src/shared/dataStoreModels';

function coredumps(withTool: boolean): DataStore {
  return {
    kind: 'coredump',
    path: '/var/lib/systemd/coredump',
    bytes: 1 << 20,
    files: 2,
    reapRule: 'never',
    holders: [],
    evidence: [],
    findings: [],
    actions: [
      ...(withTool
        ? [{ id: 'act-123', command: 'rm core.a.1 core.b.2', summary: 'unlinks the listed core dumps', runnableBy: 'tool' as const, risk: 'low' as const, expectedFreeBytes: 1 << 20, confirm: null }]
        : []),
      { id: null, command: 'coredumpctl list', summary: 'what they are', runnableBy: 'operator', risk: 'low', expectedFreeBytes: null, confirm: null },
    ],
    configHints: [],
  };
}

function report(extra: Partial<StoresReport> = {}, withTool = true): StoresReport {
  return { node: 'local', locations: ['/var/lib/systemd/coredump'], stores: [coredumps(withTool)], partial: false, warnings: [], ...extra };
}

describe('spoolscope stores output', () => {
  it('offers `spoolscope act ID` for each tool action whose id was kept, and exits 0', () => {
    expect(storesText(report())).toContain('spoolscope act act-123 --dry-run|--yes');
    expect(unsavedToolActions(report())).toBeNull();
    expect(storesExitCode(report())).toBe(0);
    expect(storesExitCode(report({ partial: true }))).toBe(3);
  });

  it('offers no `spoolscope act` line when the ids could not be saved, says why, and exits 5 as a plan does', () => {
    const r = report({ actionsNotSaved: "this run's state store is a temporary one", partial: true });
    const text = storesText(r);
    expect(text).not.toContain('spoolscope act');
    // The command itself still shows: the operator can run it by hand.
    expect(text).toContain('rm core.a.1 core.b.2');
    expect(unsavedToolActions(r)).toMatch(/cannot be run by spoolscope act: .*temporary one.*nothing was done$/);
    expect(storesExitCode(r)).toBe(5);
  });

  it('exits as usual when nothing needed saving: no tool action was listed', () => {
    const r = report({ actionsNotSaved: 'the disk is full' }, false);
    expect(unsavedToolActions(r)).toBeNull();
    expect(storesExitCode(r)).toBe(0);
  });
});
