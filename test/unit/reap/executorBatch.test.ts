// The reaper cuts the executor's stdin into batches that the script's xargs must take whole: each batch is the
// root's four fields and ENTRIES_PER_BATCH entries of 22 fields, and `xargs -n` must say exactly that, or a
// batch would start in the middle of an entry (and -x would fail every run instead).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTRIES_PER_BATCH } from '../../../src/main/core/reap/reapExecutorIO';

const script = readFileSync(new URL('../../../resources/probe/reap-unlink.sh', import.meta.url), 'utf8');

describe('the reap executor batch', () => {
  it("matches the script's xargs -n: 4 root fields and 22 per entry", () => {
    const n = Number(/exec xargs -0 -r -x -s \d+ -n (\d+) sh -c/.exec(script)?.[1]);
    expect(n).toBe(4 + ENTRIES_PER_BATCH * 22);
  });
});
