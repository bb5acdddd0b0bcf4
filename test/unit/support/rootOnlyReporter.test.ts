import { describe, expect, it } from 'vitest';
import { rootOnlySummary, type ModuleLike } from '../../support/rootOnlyReporter';

const mod = (moduleId: string, states: string[]): ModuleLike => ({
  moduleId,
  children: { allTests: () => states.map((state) => ({ result: () => ({ state }) })) },
});

describe('the root-only summary after a run', () => {
  const modules = [
    mod('/r/test/integration/reap/reapCli.root.test.ts', ['skipped', 'skipped', 'skipped']),
    mod('/r/test/e2e/held.e2e.root.test.ts', ['skipped']),
    mod('/r/test/integration/app/cli.test.ts', ['skipped', 'passed']),
    mod('/r/test/integration/store/x.root.test.ts', ['passed']),
  ];

  it('counts skipped tests in *.root.test.ts files only, with the files they are in', () => {
    expect(rootOnlySummary(modules, false)).toBe(
      '4 root-only tests in 2 files (*.root.test.ts) skipped: not run as root. Run npm test as root to include them.',
    );
  });

  it('says nothing as root, or when no root-only test was skipped', () => {
    expect(rootOnlySummary(modules, true)).toBeNull();
    expect(rootOnlySummary([modules[2], modules[3]], false)).toBeNull();
  });
});
