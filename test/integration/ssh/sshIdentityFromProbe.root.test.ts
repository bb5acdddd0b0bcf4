// Without sudo mode, who the probes run as comes from the first probe's own shell (its pid line says uid and
// user name), not from a session of its own: an sshd whose ForceCommand logs every session's command shows
// what each SSH session was for. A non-root login (made with useradd, hence root) is still marked partial,
// and a node whose `id` says nothing usable falls back to the separate check, which says it could not tell.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { isRoot } from '../../support/root';
import { ensureLoginUser } from '../../support/loginUser';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';
import { runCli } from '../../support/cli';

/** Ends every session's command in the log; the separator cannot occur in our constant command lines. */
const SEP = '\n--8<-- session --8<--\n';

/** A ForceCommand that records the command, then runs it as sshd would have (PATH first, when given). */
function sessionLogger(dir: string, name: string, path?: string): { wrapper: string; sessions: () => string[] } {
  const log = join(dir, `${name}.log`);
  writeFileSync(log, '', { mode: 0o666 });
  chmodSync(log, 0o666);
  const wrapper = join(dir, `${name}.sh`);
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      `printf '%s${SEP.replace(/\n/g, '\\n')}' "$SSH_ORIGINAL_COMMAND" >> '${log}'`,
      ...(path ? [`PATH='${path}':$PATH; export PATH`] : []),
      'exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return { wrapper, sessions: () => readFileSync(log, 'utf8').split(SEP).slice(0, -1) };
}

/** What a session was for, from its command line (remoteCommand.ts). */
function kind(command: string): 'probe' | 'loader' | 'identity-check' | 'other' {
  // The separate check's own script (nodeIdentity.ts): a bootstrap whose probe is `id -u; id -un`.
  if (command.includes("spoolscope-boot 'id -u; id -un")) return 'identity-check';
  if (command.includes('spoolscope-boot')) return 'probe';
  if (command.includes('spoolscope-loader')) return 'loader';
  return 'other';
}

describe.runIf(isRoot)('who the probes run as, said by the first probe', () => {
  const USER = 'spoolscope-ssh-test';
  const tmp = makeTempDir('identity-probe');
  const shared = join(tmp.dir, 'shared');
  let plainSshd: Sshd;
  let noIdSshd: Sshd;
  let plainLog: ReturnType<typeof sessionLogger>;
  let noIdLog: ReturnType<typeof sessionLogger>;
  let backend: Backend;
  const kh = join(tmp.dir, 'known_hosts');

  beforeAll(async () => {
    ensureLoginUser(USER);
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    chmodSync(tmp.dir, 0o755);
    plainLog = sessionLogger(shared, 'plain');
    // An `id` that answers garbage: a node whose preamble cannot say who it is (a stripped image, another id).
    const fakeBin = join(shared, 'bin');
    mkdirSync(fakeBin, { mode: 0o755 });
    writeFileSync(join(fakeBin, 'id'), '#!/bin/sh\necho "who knows"\n', { mode: 0o755 });
    noIdLog = sessionLogger(shared, 'no-id', fakeBin);
    plainSshd = await startSshd({ user: USER, extraConfig: [`ForceCommand ${plainLog.wrapper}`] });
    noIdSshd = await startSshd({ user: USER, clientKey: plainSshd.clientKey, extraConfig: [`ForceCommand ${noIdLog.wrapper}`] });
    writeFileSync(kh, [plainSshd.knownHostsLine, noIdSshd.knownHostsLine].join('\n') + '\n');
    backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
  });
  afterAll(async () => {
    await backend?.close();
    await plainSshd?.stop();
    await noIdSshd?.stop();
    tmp.cleanup();
  });

  it('a CLI command on a non-root login opens no session to ask who it is, and still says once that results are partial', () => {
    const before = plainLog.sessions().length;
    const r = runCli(['df', '--json', '--ssh', `${USER}@127.0.0.1:${plainSshd.port}`, '--identity', plainSshd.identityFile, '--known-hosts', kh], {
      SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'cli-data'),
      SSH_AUTH_SOCK: '',
    });
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('spoolscope: warning:'));
    expect(warnings).toEqual([expect.stringContaining(`logged in as ${USER}, not root, and sudo mode is off`)]);
    const kinds = plainLog.sessions().slice(before).map(kind);
    expect(kinds).not.toContain('identity-check');
    expect(kinds).not.toContain('other');
    // df is one probe: one cold bootstrap, plus the warm loaders opened behind it (unused, ended at exit).
    expect(kinds.filter((k) => k === 'probe')).toHaveLength(1);
  });

  it('a node view connect (no probe yet) is answered by an empty probe, not the separate check, and is partial', async () => {
    await backend.nodes.add({ name: 'plain', host: '127.0.0.1', port: plainSshd.port, user: USER, identityFile: plainSshd.identityFile });
    const before = plainLog.sessions().length;
    const info = await backend.nodes.connect('plain');
    expect(info.state).toBe('partial');
    expect(info.message).toContain(`logged in as ${USER}, not root`);
    const kinds = plainLog.sessions().slice(before).map(kind);
    expect(kinds).not.toContain('identity-check');
    expect(kinds.filter((k) => k === 'probe')).toHaveLength(1);
    // Once known, probes do not ask again and the answer stands.
    const df = await backend.dispatcher.call('node.filesystems', { node: 'plain' }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
    expect(backend.nodes.info('plain').state).toBe('partial');
  });

  it('a node whose preamble cannot say who it is asks on a session of its own, says it could not tell, and probes still run', async () => {
    await backend.nodes.add({ name: 'no-id', host: '127.0.0.1', port: noIdSshd.port, user: USER, identityFile: noIdSshd.identityFile });
    const before = noIdLog.sessions().length;
    const df = await backend.dispatcher.call('node.filesystems', { node: 'no-id' }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
    const info = await backend.nodes.identityChecked('no-id');
    expect(info.state).toBe('partial');
    // Only the check's own answer says this (nodeIdentity.ts judgeIdentity): the check ran.
    expect(info.message).toContain('could not tell which user the probes run as');
    // On a session of its own: a cold one shows the check's script on its command line; a warm one (opened
    // behind df) is a loader, and the script went on its stdin.
    expect(noIdLog.sessions().slice(before).map(kind)).toEqual(expect.arrayContaining([expect.stringMatching(/^(identity-check|loader)$/)]));
  });
});
