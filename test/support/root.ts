// Whether this test process may mount, change users and read every process. Root-only files are named
// *.root.test.ts and wrap their tests in describe.skipIf(!isRoot), so a plain user's run skips them and
// rootOnlyReporter says how many.
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
