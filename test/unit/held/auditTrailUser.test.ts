// The audit log says who acted (issue 16: audit rows expand to their files, pid, user and freed bytes):
// each intent row names the account that confirmed it; result rows and non-object details are as given.
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../../src/main/services/common/auditTrail';
import type { StateStore } from '../../../src/main/store/stateStore';

function fakeStore() {
  const rows: { phase: string; detail: unknown }[] = [];
  const store = { temporaryNotice: null, audit: { append: (r: { phase: string; detail: unknown }) => rows.push(r) } } as unknown as StateStore;
  return { rows, store };
}

describe('audit trail', () => {
  it('names the operator on the intent row only', () => {
    const { rows, store } = fakeStore();
    const trail = auditTrail(store, 'local', 'reap', 'plan-1');
    trail.write('intent', { root: '/var/log', expectedFreeBytes: 10 });
    trail.write('result', { freedBytes: 8 });
    expect(rows[0].detail).toEqual({ root: '/var/log', expectedFreeBytes: 10, user: userInfo().username });
    expect(rows[1].detail).toEqual({ freedBytes: 8 });
    expect(trail.errors).toEqual([]);
  });
});
