// Says how many root-only tests a run skipped because it was not root, so a green `npm test` as a plain
// user is never mistaken for one that exercised mounts, other users' processes and reclaims.
import type { Reporter, TestModule } from 'vitest/node';
import { isRoot } from './root';

export const ROOT_ONLY_SUFFIX = '.root.test.ts';

export default class RootOnlyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (isRoot) return;
    let tests = 0;
    let files = 0;
    for (const m of modules) {
      if (!m.moduleId.endsWith(ROOT_ONLY_SUFFIX)) continue;
      const skipped = [...m.children.allTests()].filter((t) => t.result().state === 'skipped').length;
      if (skipped === 0) continue;
      tests += skipped;
      files += 1;
    }
    if (tests > 0) {
      process.stdout.write(`\n${tests} root-only test${tests === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (*${ROOT_ONLY_SUFFIX}) skipped: not run as root. Run npm test as root to include them.\n`);
    }
  }
}
