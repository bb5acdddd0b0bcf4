import { defineConfig } from 'vitest/config';

// Real processes, real sshd and a real browser: give them time, and do not run two heavy suites per core.
const realWorld = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/rootOnlyReporter.ts'],
    projects: [
      {
        extends: true,
        // Pure: no build, no root, no processes of its own. `npm run test:unit` is the inner loop.
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], testTimeout: 10_000 },
      },
      {
        extends: true,
        // Real processes, tmpfs mounts, sshd; files named *.root.test.ts need root and skip without it.
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...realWorld },
      },
      {
        extends: true,
        // The seeded adversarial suite: `npm test` runs a bounded number of seeds, `npm run test:safety` more.
        test: { name: 'safety', include: ['test/safety/**/*.test.ts'], ...realWorld, testTimeout: 300_000 },
      },
      {
        extends: true,
        // The UI in Debian's chromium against the WebSocket bridge (needs the build: `npm test` makes it).
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...realWorld },
      },
    ],
  },
});
