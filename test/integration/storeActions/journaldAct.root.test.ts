// The journald tool action with the real software: systemd-journald in a private mount namespace (tmpfs over
// /run and /var/log/journal), archived files made by journald's own rotation, a reader holding archived files
// open as rsyslog's imjournal does. An unlink of a held archived file frees nothing (statvfs); the action,
// `spoolscope act` of the vacuum `spoolscope stores` offered, frees the archived files' blocks, the held one's
// too, measured by statvfs. Then the same through a real sshd whose sessions enter that namespace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actCli, toolAction } from '../../support/actCli';
import { isArchived, journaldInstalled, startJournaldLab, type JournaldLab } from '../../support/journaldLab';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';
import { openStateStore } from '../../../src/main/store/stateStore';

const MiB = 1024 * 1024;
const VACUUM = /^journalctl --directory=\S+ --vacuum-size=1K$/;

let lab: JournaldLab;
let data: { dir: string; cleanup: () => void };

/** journald's archived files, made by writing and rotating `rounds` times. */
function archive(rounds: number, bytes: number): void {
  for (let i = 0; i < rounds; i++) {
    lab.write(bytes);
    lab.rotate();
  }
}

describe.skipIf(!isRoot || !journaldInstalled)('journald vacuum as a tool action (real journald, private mount namespace)', () => {
  beforeAll(async () => {
    lab = await startJournaldLab();
    data = makeTempDir('act-journald');
  }, 60_000);

  afterAll(async () => {
    await stopAllHolders();
    await lab?.stop();
    data?.cleanup();
  });

  it('frees the archived files by statvfs even while a reader holds one, where an unlink of a held file frees nothing', async () => {
    const started = Date.now();
    archive(3, 6 * MiB);
    const archived = lab.files().filter((f) => isArchived(f.name));
    expect(archived.length).toBeGreaterThanOrEqual(3);
    const [unlinked, held] = archived;
    const unlinkedReader = await lab.holdOpen(unlinked.name);
    const heldReader = await lab.holdOpen(held.name);

    // What an operator's rm does: the name goes, the blocks stay while the reader keeps the file.
    const beforeRm = lab.usedBytes();
    lab.ns.sh('rm -- "$1"', `${lab.dir}/${unlinked.name}`);
    const rmFreed = beforeRm - lab.usedBytes();
    expect(rmFreed).toBeLessThan(unlinked.allocated / 4);
    expect(lab.heldAllocated(unlinkedReader)).toBe(unlinked.allocated);

    const cli = actCli(join(data.dir, 'local'), { ns: lab.ns });
    const { action, store } = toolAction(cli.stores('/var/log/journal'), 'journald', VACUUM);
    expect(store.path).toBe(lab.dir);
    const listed = archived.slice(1).reduce((n, f) => n + f.allocated, 0);
    expect(action.expectedFreeBytes).toBe(listed);

    const dry = cli.act(action.id, ['--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.result).toMatchObject({ dryRun: true, refused: null, freedBytes: 0, command: action.command });
    expect(lab.files().filter((f) => isArchived(f.name))).toHaveLength(archived.length - 1);

    const before = lab.usedBytes();
    const run = cli.act(action.id, ['--yes']);
    const after = lab.usedBytes();
    expect(run.status, run.stderr).toBe(0);
    expect(run.result!.refused).toBeNull();
    expect(run.result!.exitCode).toBe(0);
    expect(run.result!.output).toMatch(/Deleted archived journal/);
    // statvfs, by the tool and by the test around it; journald may log a few kernel lines meanwhile.
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual(listed * 0.95);
    expect(before - after).toBeGreaterThanOrEqual(listed * 0.95);
    expect(lab.files().filter((f) => isArchived(f.name))).toEqual([]);
    expect(lab.files().some((f) => f.name === 'system.journal')).toBe(true);
    // The vacuum deallocated the held file; the unlinked one is still held whole.
    expect(lab.heldAllocated(heldReader)).toBe(0);
    expect(lab.heldAllocated(unlinkedReader)).toBe(unlinked.allocated);

    const again = cli.act(action.id, ['--yes']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already used/);

    const store2 = openStateStore({ dataDir: join(data.dir, 'local') });
    try {
      const rows = store2.audit.list('local', 10).filter((r) => r.planId === action.id);
      expect(rows.map((r) => r.phase).sort()).toEqual(['intent', 'result']);
      expect((rows.find((r) => r.phase === 'result')!.detail as { freedBytes: number }).freedBytes).toBe(run.result!.freedBytes);
    } finally {
      store2.close();
    }
    console.log(
      `journald local: rm of a held ${unlinked.allocated} B archived file freed ${rmFreed} B; vacuum expected ${listed} B, freed ${run.result!.freedBytes} B (tool statvfs), ${before - after} B (test statvfs); ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 120_000);

  it("rotates first where journald holds the directory, so the active file's bytes come back too", () => {
    archive(1, 6 * MiB);
    lab.write(4 * MiB);
    const before = lab.files();
    const active = before.find((f) => f.name === 'system.journal')!;
    const cli = actCli(join(data.dir, 'local'), { ns: lab.ns });
    const { action } = toolAction(cli.stores('/var/log/journal'), 'journald', /^journalctl --rotate && journalctl --directory=\S+ --vacuum-size=1K$/);
    const listed = before.reduce((n, f) => n + f.allocated, 0);
    expect(action.expectedFreeBytes).toBe(listed - Math.min(active.allocated, 8 * MiB));
    expect(action.risk).toBe('data-loss');
    const used = lab.usedBytes();
    const run = cli.act(action.id, ['--yes']);
    expect(run.status, run.stderr).toBe(0);
    const after = lab.files();
    // journald starts a new active file (its first 8 MiB allocated at once): that is all that stays.
    expect(after.map((f) => f.name)).toEqual(['system.journal']);
    const kept = after[0].allocated;
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual((listed - kept) * 0.95);
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual(action.expectedFreeBytes! * 0.95);
    expect(used - lab.usedBytes()).toBe(run.result!.freedBytes);
    console.log(`journald rotate+vacuum: listed ${listed} B (active ${active.allocated} B), expected ${action.expectedFreeBytes} B, freed ${run.result!.freedBytes} B (tool statvfs), new active ${kept} B`);
  }, 120_000);

  describe('over SSH', () => {
    let sshd: Sshd;

    beforeAll(async () => {
      // Every session of this sshd enters the lab's namespace: the node's /var/log/journal is journald's tmpfs.
      sshd = await startSshd({ wrap: (path, args) => lab.ns.enter(path, args) });
    }, 60_000);

    afterAll(async () => {
      await sshd?.stop();
    });

    it('vacuums through the same executor on the node, held file included', async () => {
      const started = Date.now();
      archive(2, 6 * MiB);
      const archived = lab.files().filter((f) => isArchived(f.name));
      expect(archived.length).toBeGreaterThanOrEqual(2);
      const reader = await lab.holdOpen(archived[0].name);
      const kh = join(data.dir, 'known_hosts');
      writeFileSync(kh, sshd.knownHostsLine + '\n');
      const cli = actCli(join(data.dir, 'ssh'), { nodeFlags: ['--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh] });
      const { action } = toolAction(cli.stores('/var/log/journal'), 'journald', VACUUM);
      const listed = archived.reduce((n, f) => n + f.allocated, 0);
      expect(action.expectedFreeBytes).toBe(listed);

      const before = lab.usedBytes();
      const run = cli.act(action.id, ['--yes']);
      const after = lab.usedBytes();
      expect(run.status, run.stderr).toBe(0);
      expect(run.result!.node).toMatch(/127\.0\.0\.1/);
      expect(run.result!.freedBytes).toBeGreaterThanOrEqual(listed * 0.95);
      expect(before - after).toBeGreaterThanOrEqual(listed * 0.95);
      expect(lab.heldAllocated(reader)).toBe(0);
      expect(lab.files().filter((f) => isArchived(f.name))).toEqual([]);
      console.log(`journald over SSH: vacuum expected ${listed} B, freed ${run.result!.freedBytes} B (tool statvfs), ${before - after} B (test statvfs); ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }, 120_000);
  });
});
