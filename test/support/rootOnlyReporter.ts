// Says how many root-only tests a run skipped because it was not root, so a green `npm test` as a plain
// user is never mistaken for one that exercised mounts, other users' processes and reclaims.
import type { Reporter, TestModule } from 'vitest/node';
import { isRoot } from './root';

export const ROOT_ONLY_SUFFIX = '.root.test.ts';

/** What of a test module this reporter reads (a structural slice of vitest's TestModule). */
export type ModuleLike = Pick<TestModule, 'moduleId'> & { children: { allTests(): Iterable<{ result(): { state: string } }> } };

/** The line to print after a run, or null when nothing root-only was skipped (or the run was root). */
export function rootOnlySummary(modules: readonly ModuleLike[], root: boolean): string | null {
  if (root) return null;
  let tests = 0;
  let files = 0;
  for (const m of modules) {
    if (!m.moduleId.endsWith(ROOT_ONLY_SUFFIX)) continue;
    const skipped = [...m.children.allTests()].filter((t) => t.result().state === 'skipped').length;
    if (skipped === 0) continue;
    tests += skipped;
    files += 1;
  }
  if (tests === 0) return null;
  return `${tests} root-only test${tests === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (*${ROOT_ONLY_SUFFIX}) skipped: not run as root. Run npm test as root to include them.`;
}

export default class RootOnlyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const line = rootOnlySummary(modules, isRoot);
    if (line) process.stdout.write(`\n${line}\n`);
  }
}
