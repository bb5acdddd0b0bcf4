// The pretest's system package check, the real script against real dpkg: a user who is not root is
// stopped at once with the exact apt-get command; with everything installed nothing runs apt-get and
// nothing is printed; without dpkg (not Debian) it says so in one line and lets the tests run.
// A fake apt-get first on PATH records any call, so "apt-get was not run" is observed, not assumed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../support/cli';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';

const SCRIPT = join(appRoot, 'scripts', 'ensureSystemPackages.js');
const NOBODY = 65534;
const NOT_INSTALLED = 'spoolscope-no-such-package';
const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;

const tmp = makeTempDir('syspkgs');
afterAll(() => tmp.cleanup());
// nobody must reach the list and the fake apt-get, and the fake must be able to record a call.
chmodSync(tmp.dir, 0o755);
const fakeBin = join(tmp.dir, 'bin');
mkdirSync(fakeBin, { mode: 0o755 });
const calls = join(tmp.dir, 'apt-get-calls');
writeFileSync(join(fakeBin, 'apt-get'), `#!/bin/sh\necho "apt-get $*" >> '${calls}'\nexit 0\n`, { mode: 0o755 });
writeFileSync(calls, '', { mode: 0o666 });
chmodSync(calls, 0o666);

function list(name: string, packages: string[]): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, `# a test list\n${packages.join('\n')}\n`, { mode: 0o644 });
  return path;
}

/** The real script, as nobody when this test runs as root (as test/support/cli.ts runs the CLI). */
function runScript(listPath: string, opts: { path?: string; asNobody?: boolean } = {}) {
  const argv = [process.execPath, SCRIPT, listPath];
  const cmd = opts.asNobody && isRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...argv] : argv;
  const r = spawnSync(cmd[0], cmd.slice(1), {
    cwd: appRoot,
    encoding: 'utf8',
    env: { ...process.env, PATH: opts.path ?? `${fakeBin}:${process.env.PATH}` },
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, aptCalls: readFileSync(calls, 'utf8') };
}

describe.skipIf(!hasDpkg)('node scripts/ensureSystemPackages.js on Debian', () => {
  it('as a user who is not root, stops with exit 1 and the exact apt-get command for the missing package only', () => {
    writeFileSync(calls, '');
    const r = runScript(list('one-missing.txt', ['coreutils', NOT_INSTALLED, 'findutils']), { asNobody: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`(listed in ${join(tmp.dir, 'one-missing.txt')}): ${NOT_INSTALLED}.`);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`  sudo apt-get install -y --no-install-recommends ${NOT_INSTALLED}`);
    expect(r.aptCalls).toBe('');
  });

  it('with every listed package installed, runs no apt-get and prints nothing', () => {
    writeFileSync(calls, '');
    // As whoever runs the tests: as root, a wrong "missing" would go on to call apt-get and be recorded.
    const r = runScript(list('all-installed.txt', ['coreutils', 'findutils', 'dpkg']));
    expect(r).toEqual({ status: 0, stdout: '', stderr: '', aptCalls: '' });
  });

  it('refuses a list line that is not a package name before running anything', () => {
    writeFileSync(calls, '');
    const r = runScript(list('hostile.txt', ['coreutils', '-oDebug::NoLocking=1']));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('line 3: "-oDebug::NoLocking=1" is not one Debian package name')]);
    expect(r.aptCalls).toBe('');
  });
});

describe('node scripts/ensureSystemPackages.js without dpkg', () => {
  it('says in one line that it cannot check, runs nothing, and lets the tests go on', () => {
    writeFileSync(calls, '');
    const r = runScript(list('no-dpkg.txt', [NOT_INSTALLED]), { path: fakeBin });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^spoolscope: no dpkg-query here \(not Debian\?\), so the system packages in .* are not checked; continuing\.$/)]);
    expect(r.aptCalls).toBe('');
  });
});
