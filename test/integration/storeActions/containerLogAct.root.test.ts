// Truncating a Docker json-file container's active log as a tool action, with real writer processes on a
// tmpfs: a writer with O_APPEND (dockerd's fd to a new log) lets it go, the bytes come back by statvfs and its
// next lines start at offset 0 with no NUL hole; a writer without O_APPEND (dockerd's fd after a rotation)
// is refused, and so is a --confirm that is not the container's name. Nothing is changed by a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actCli, toolAction, type ActCli } from '../../support/actCli';
import { startContainerLogWriter, type ContainerLogWriter } from '../../support/containerLogWriter';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';
import type { StoresReport } from '../../../src/shared/dataStoreModels';

const MiB = 1024 * 1024;
const APPENDING = 'a'.repeat(64);
const REOPENED = 'b'.repeat(64);

let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };
let cli: ActCli;
let appending: ContainerLogWriter;
let reopened: ContainerLogWriter;
let report: StoresReport;
let criWriter: ContainerLogWriter;
// kubelet's layout: /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log
const CRI_DIR = () => join(tmp.dir, 'pods', 'default_web-7d4b_0f3c2a1e-8d1b-4c55-9e1a-2b6f0c8d9e10', 'nginx');

const dirOf = (id: string) => join(tmp.dir, 'docker', 'containers', id);
const logOf = (id: string) => join(dirOf(id), `${id}-json.log`);

/** A container's directory as dockerd lays it out: hostconfig.json beside the log. */
function container(id: string): string {
  mkdirSync(dirOf(id), { recursive: true });
  writeFileSync(join(dirOf(id), 'hostconfig.json'), JSON.stringify({ LogConfig: { Type: 'json-file', Config: {} } }));
  return logOf(id);
}

describe.skipIf(!isRoot)('truncating a container log as a tool action (real writers, tmpfs)', () => {
  beforeAll(async () => {
    tmp = mountTmpfs(64);
    data = makeTempDir('act-container');
    cli = actCli(data.dir);
    appending = await startContainerLogWriter(container(APPENDING), 'append', 4 * MiB);
    reopened = await startContainerLogWriter(container(REOPENED), 'no-append', 2 * MiB);
    mkdirSync(CRI_DIR(), { recursive: true });
    criWriter = await startContainerLogWriter(join(CRI_DIR(), '0.log'), 'append', 1 * MiB);
    report = cli.stores(tmp.dir);
  }, 60_000);

  afterAll(async () => {
    await stopAllHolders();
    tmp?.unmount();
    data?.cleanup();
  });

  it('refuses without --confirm or with another name, and keeps the id for the right one', () => {
    const { action } = toolAction(report, 'docker-json', /^truncate -s 0 /, dirOf(APPENDING));
    expect(action.confirm).toBe(APPENDING.slice(0, 12));
    const log = logOf(APPENDING);
    const size = statSync(log).size;
    for (const flags of [['--yes'], ['--yes', '--confirm', 'bbbbbbbbbbbb'], ['--yes', '--confirm', `${APPENDING.slice(0, 12)} `]]) {
      const r = cli.act(action.id, flags);
      expect(r.status, r.stderr).toBe(4);
      expect(r.result!.refused!.code).toBe('confirm-mismatch');
      expect(statSync(log).size).toBe(size);
    }
  });

  it('truncates while the writer appends: statvfs gets the bytes back and later lines leave no NUL hole', async () => {
    const { action } = toolAction(report, 'docker-json', /^truncate -s 0 /, dirOf(APPENDING));
    const log = logOf(APPENDING);
    const allocated = statSync(log).blocks * 512;
    expect(action.expectedFreeBytes).toBe(allocated);
    const dry = cli.act(action.id, ['--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.result!.refused).toBeNull();
    expect(dry.result!.warnings.join(' ')).toMatch(new RegExp(`pid ${appending.pid} \\(python3\\) appends`));

    const before = usedBytes(tmp.dir);
    const run = cli.act(action.id, ['--yes', '--confirm', APPENDING.slice(0, 12)]);
    const after = usedBytes(tmp.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.result!.refused).toBeNull();
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual(allocated * 0.95);
    expect(before - after).toBeGreaterThanOrEqual(allocated * 0.95);
    expect(statSync(log).size).toBe(0);

    await appending.write('after the truncation');
    const text = readFileSync(log);
    expect(text.includes(0)).toBe(false);
    expect(text.toString()).toMatch(/^\{"log": "after the truncation\\n"/);
    console.log(`container log: ${allocated} B allocated, freed ${run.result!.freedBytes} B (tool statvfs), ${before - after} B (test statvfs); next line at offset 0, ${text.length} B, no NUL`);
  });

  it('refuses while a writer has the log open without O_APPEND, and changes nothing', () => {
    const { action } = toolAction(report, 'docker-json', /^truncate -s 0 /, dirOf(REOPENED));
    const log = logOf(REOPENED);
    const size = statSync(log).size;
    const run = cli.act(action.id, ['--yes', '--confirm', REOPENED.slice(0, 12)]);
    expect(run.status, run.stderr).toBe(4);
    expect(run.result!.refused).toMatchObject({ code: 'not-append', pid: reopened.pid, comm: 'python3' });
    expect(run.result!.refused!.reason).toMatch(/without O_APPEND/);
    expect(run.result!.freedBytes).toBe(0);
    expect(statSync(log).size).toBe(size);
  });

  it("a kubelet CRI log is confirmed by its container's name and truncated the same way", async () => {
    const { action } = toolAction(report, 'kubelet-cri', /^truncate -s 0 /, CRI_DIR());
    expect(action.confirm).toBe('nginx');
    expect(cli.act(action.id, ['--yes', '--confirm', 'web']).result!.refused!.code).toBe('confirm-mismatch');
    const run = cli.act(action.id, ['--yes', '--confirm', 'nginx']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual(action.expectedFreeBytes! * 0.95);
    await criWriter.write('after');
    expect(readFileSync(join(CRI_DIR(), '0.log')).includes(0)).toBe(false);
  });
});
