// What each detected store offers the tool to run, from the listing alone: the parameters, the identities
// execution re-checks, the bytes it is expected to free, and the confirm text.
import { describe, expect, it } from 'vitest';
import { DirIndex } from '../../../src/main/core/dataStores/dirIndex';
import { newStore } from '../../../src/main/core/dataStores/detectedStore';
import type { ListedEntry } from '../../../src/main/core/dataStores/storeRecords';
import { supersededBy, toolActionDrafts } from '../../../src/main/core/storeActions/mintToolActions';
import type { StoreAction } from '../../../src/shared/dataStoreModels';

let ino = 100;
const dir = (path: string): ListedEntry => ({ dev: 7, ino: ino++, type: 'd', size: 0, blocks: 0, nlink: 2, mtime: 1, path });
const file = (path: string, blocks: number, nlink = 1): ListedEntry => ({ dev: 7, ino: ino++, type: 'f', size: blocks * 512, blocks, nlink, mtime: 1_700_000_000, path });

const J = '/var/log/journal/0123456789abcdef0123456789abcdef';

describe('tool action drafts', () => {
  it('journald: every archived file by vacuum, and rotate-then-vacuum only where journald holds it', () => {
    const entries = [dir(J), file(`${J}/system.journal`, 1000), file(`${J}/system@aa-0000000000000001-0005.journal`, 3000), file(`${J}/user-1000@bb-01-02.journal~`, 500)];
    const index = new DirIndex(entries);
    const idle = newStore('journald', J, []);
    const [vacuum, ...rest] = toolActionDrafts(idle, index);
    expect(rest).toEqual([]);
    expect(vacuum).toMatchObject({ kind: 'journald-vacuum', vacuumSize: '1K', rotate: false, expectedFreeBytes: 3500 * 512, dir: { path: J, dev: 7, ino: entries[0].ino }, confirm: null });
    expect(vacuum.command).toBe(`journalctl --directory=${J} --vacuum-size=1K`);
    const running = newStore('journald', J, [], { holders: [{ pid: 300, comm: 'systemd-journal', how: 'write' }] });
    const drafts = toolActionDrafts(running, index);
    expect(drafts.map((d) => d.kind === 'journald-vacuum' && [d.rotate, d.expectedFreeBytes])).toEqual([
      [false, 3500 * 512],
      [true, 3500 * 512],
    ]);
    // Past journald's first 8 MiB step, an active file's bytes come back by rotating it.
    const big = new DirIndex([dir(J), file(`${J}/system.journal`, 40_000), file(`${J}/system@aa-01-05.journal`, 3000)]);
    expect(toolActionDrafts(running, big).map((d) => d.expectedFreeBytes)).toEqual([3000 * 512, 3000 * 512 + 40_000 * 512 - 8 * 1024 * 1024]);
  });

  it('a container log is confirmed by the container, with the file identity', () => {
    const id = 'c'.repeat(64);
    const d = `/var/lib/docker/containers/${id}`;
    const log = file(`${d}/${id}-json.log`, 8192);
    const store = newStore('docker-json', d, [], { activeFiles: [log.path], managedFiles: [log.path], details: { containerId: id } });
    const [draft] = toolActionDrafts(store, new DirIndex([dir(d), log]));
    expect(draft).toMatchObject({ kind: 'truncate-container-log', confirm: 'cccccccccccc', container: 'cccccccccccc', expectedFreeBytes: 8192 * 512, file: { name: `${id}-json.log`, ino: log.ino, dev: 7 } });
  });

  it('core dumps: hard-linked ones free nothing; names with newlines are shell-quoted in the command text only', () => {
    const d = '/var/lib/systemd/coredump';
    const index = new DirIndex([dir(d), file(`${d}/core.a`, 100), file(`${d}/core.b\n$(x)`, 50), file(`${d}/core.linked`, 70, 2), file(`${d}/not-a-core`, 9)]);
    const [draft] = toolActionDrafts(newStore('coredump', d, []), index);
    expect(draft.kind).toBe('unlink-core-dumps');
    if (draft.kind !== 'unlink-core-dumps') return;
    expect(draft.files.map((f) => f.name).sort()).toEqual(['core.a', 'core.b\n$(x)', 'core.linked']);
    expect(draft.expectedFreeBytes).toBe(150 * 512);
  });

  it('apt: the listed cache is pinned with Dir::Cache, quoted when it needs quoting', () => {
    const d = "/srv/chroot it's/var/cache/apt";
    const deb = file(`${d}/archives/x_1_all.deb`, 40);
    const store = newStore('apt-cache', d, [], { managedFiles: [deb.path] });
    const [draft] = toolActionDrafts(store, new DirIndex([dir(d), dir(`${d}/archives`), deb]));
    expect(draft.command).toBe(`apt-get -o Dir::Cache='/srv/chroot it'\\''s/var/cache/apt' clean`);
    expect(draft.expectedFreeBytes).toBe(40 * 512);
  });

  it('a store whose directory the listing did not identify offers nothing', () => {
    expect(toolActionDrafts(newStore('coredump', '/gone/systemd/coredump', []), new DirIndex([]))).toEqual([]);
    expect(toolActionDrafts(newStore('postgresql', '/var/lib/postgresql/15/main', []), new DirIndex([dir('/var/lib/postgresql/15/main')]))).toEqual([]);
  });

  it('drops only the operator copy of the same command', () => {
    const op = (command: string): StoreAction => ({ id: null, command, summary: '', runnableBy: 'operator', risk: 'low', expectedFreeBytes: null, confirm: null });
    expect(supersededBy('apt-clean', op('apt-get clean'))).toBe(true);
    expect(supersededBy('journald-vacuum', op('journalctl --directory=/x --vacuum-size=3M'))).toBe(true);
    expect(supersededBy('journald-vacuum', op('journalctl --rotate --vacuum-time=2weeks'))).toBe(false);
    expect(supersededBy('unlink-core-dumps', op('coredumpctl list'))).toBe(false);
  });
});
