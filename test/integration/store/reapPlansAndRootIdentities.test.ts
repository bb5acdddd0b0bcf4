// The state store's reap plans (packed, claimed once across processes, held to a byte budget) and the
// configured roots' recorded identities (never replaced by an add, forgotten with the root).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { STORE_FILE } from '../../../src/main/store/db';
import { applyMigrations, migrations, SCHEMA_VERSIONS } from '../../../src/main/store/migrations';

const NOW = 1_700_000_000_000;
let dir: string;
const open: StateStore[] = [];
function openStore(): StateStore {
  const s = openStateStore({ dataDir: dir, now: () => NOW });
  open.push(s);
  return s;
}
const plan = (planId: string, bytes: number, createdAt = NOW) => ({ planId, node: 'local', createdAt, expiresAt: createdAt + 600_000, packed: Buffer.alloc(bytes, planId.length) });
const LOTS = { plans: 5, bytes: 1e9 };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spoolscope-store-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reap plans in the state store', () => {
  it('are claimed once across connections (two processes), returning the packed bytes, which are then dropped', () => {
    const a = openStore();
    const b = openStore();
    const packed = Buffer.from([0, 1, 2, 255, 0, 7]);
    a.reapPlans.save({ ...plan('reap-1', 0), packed }, LOTS);
    expect(b.reapPlans.take('reap-1', NOW)).toEqual({ packed });
    expect(a.reapPlans.take('reap-1', NOW)).toEqual({ missing: 'executed' });
    expect(b.reapPlans.take('reap-nope', NOW)).toEqual({ missing: 'not_found' });
    const db = new Database(join(dir, STORE_FILE), { readonly: true });
    expect(db.prepare('SELECT executed, packed, packed_bytes FROM reap_plans').all()).toEqual([{ executed: 1, packed: null, packed_bytes: 0 }]);
    db.close();
  });

  it('refuse an expired plan as expired', () => {
    const s = openStore();
    s.reapPlans.save(plan('reap-old', 10, NOW - 599_999), LOTS);
    expect(s.reapPlans.take('reap-old', NOW + 10)).toEqual({ missing: 'expired' });
  });

  it('keep the newest plans within the count and the byte budget; the one being saved always stays', () => {
    const s = openStore();
    s.reapPlans.save(plan('reap-a', 400, NOW - 3), { plans: 5, bytes: 1000 });
    s.reapPlans.save(plan('reap-b', 400, NOW - 2), { plans: 5, bytes: 1000 });
    s.reapPlans.save(plan('reap-c', 400, NOW - 1), { plans: 5, bytes: 1000 });
    // c + b fit in 1000 bytes, a does not.
    expect('packed' in s.reapPlans.take('reap-a', NOW)).toBe(false);
    s.reapPlans.save(plan('reap-d', 5000, NOW), { plans: 5, bytes: 1000 });
    expect('packed' in s.reapPlans.take('reap-d', NOW)).toBe(true);
    expect(s.reapPlans.take('reap-c', NOW)).toEqual({ missing: 'not_found' });
    for (let i = 0; i < 4; i++) s.reapPlans.save(plan(`reap-n${i}`, 1, NOW + 1 + i), { plans: 2, bytes: 1e9 });
    expect(['reap-n0', 'reap-n1', 'reap-n2', 'reap-n3'].map((id) => 'packed' in s.reapPlans.take(id, NOW))).toEqual([false, false, true, true]);
  });

  it('drop the JSON plans an older version kept when the store is migrated (they lived 10 minutes)', () => {
    const db = new Database(join(dir, STORE_FILE));
    applyMigrations(db, migrations.filter((m) => m.version < SCHEMA_VERSIONS.packedReapPlans));
    db.prepare("INSERT INTO reap_plans (plan_id, node, created_at, expires_at, body) VALUES ('reap-json', 'local', 1, 2, '{}')").run();
    db.close();
    const s = openStore();
    expect(s.reapPlans.take('reap-json', NOW)).toEqual({ missing: 'not_found' });
  });
});

describe('configured roots\' recorded identities', () => {
  const id = { path: '/srv/sp\xffool\nx', dev: 2049, ino: 2 ** 40, mountId: 31 };

  it('are kept with the root, raw path bytes and all, across a reopen', () => {
    openStore().roots.add('local', '/srv/spool', id);
    open.splice(0).forEach((s) => s.close());
    expect(openStore().roots.identity('local', '/srv/spool/')).toEqual(id);
  });

  it('are never replaced by adding the root again nor by a first-use record; removing the root forgets it', () => {
    const s = openStore();
    s.roots.add('local', '/srv/spool', id);
    s.roots.add('local', '/srv/spool', { ...id, ino: 9 });
    expect(s.roots.recordIdentity('local', '/srv/spool', { ...id, ino: 10 })).toBe(false);
    expect(s.roots.identity('local', '/srv/spool')).toEqual(id);
    s.roots.remove('local', '/srv/spool');
    expect(s.roots.identity('local', '/srv/spool')).toBeNull();
    s.roots.add('local', '/srv/spool', { ...id, ino: 11 });
    expect(s.roots.identity('local', '/srv/spool')?.ino).toBe(11);
  });

  it('are recorded for a default root on first use without touching the node\'s default roots', () => {
    const s = openStore();
    const before = s.roots.list('db7');
    expect(s.roots.recordIdentity('db7', '/var/log', id)).toBe(true);
    expect(s.roots.identity('db7', '/var/log')).toEqual(id);
    expect(s.roots.identity('other', '/var/log')).toBeNull();
    expect(s.roots.list('db7')).toEqual(before);
    // A removed default root forgets its identity too; restored, it has none until it is resolved again.
    s.roots.remove('db7', '/var/log');
    s.roots.add('db7', '/var/log');
    expect(s.roots.identity('db7', '/var/log')).toBeNull();
  });
});
