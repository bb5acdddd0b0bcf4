// The pretest's system package check as root, the real script with a fake dpkg-query and apt-get first on
// PATH (nothing is really installed): apt-get update once, then one noninteractive install of exactly the
// missing packages, announced in one line; when apt-get fails, the end of its output and the exact command,
// and a non-zero exit; an install that leaves a package missing is a failure too.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../support/cli';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';

const SCRIPT = join(appRoot, 'scripts', 'ensureSystemPackages.js');
const tmp = makeTempDir('syspkgs-root');
afterAll(() => tmp.cleanup());

/** dpkg-query says "installed" for the packages named in the file `installed`, "not-installed" otherwise. */
const FAKE_DPKG_QUERY = `#!/bin/sh
shift 2
for p in "$@"; do
  if grep -qx "$p" "$FAKE_STATE/installed" 2>/dev/null; then echo "$p	installed"; else echo "$p	not-installed"; fi
done
`;

/** apt-get records each call with its DEBIAN_FRONTEND; "install" marks its packages installed unless told to fail. */
const FAKE_APT_GET = `#!/bin/sh
echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND apt-get $*" >> "$FAKE_STATE/calls"
case "$1:$FAKE_FAIL" in
  update:update) echo "Err:1 http://deb.debian.org/debian bookworm InRelease"; echo "E: The repository is not signed." >&2; exit 100 ;;
  install:install)
    i=0; while [ $i -lt 40 ]; do echo "Reading line $i"; i=$((i + 1)); done
    echo "E: Unable to locate package $5" >&2; exit 100 ;;
  install:half) exit 0 ;;
  install:*) shift 4; for p in "$@"; do echo "$p" >> "$FAKE_STATE/installed"; done ;;
esac
exit 0
`;

let run = 0;
function runAsRoot(packages: string[], installed: string[], fail = '') {
  const state = join(tmp.dir, `run-${++run}`);
  const bin = join(state, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'dpkg-query'), FAKE_DPKG_QUERY, { mode: 0o755 });
  writeFileSync(join(bin, 'apt-get'), FAKE_APT_GET, { mode: 0o755 });
  writeFileSync(join(state, 'installed'), installed.map((p) => `${p}\n`).join(''));
  writeFileSync(join(state, 'calls'), '');
  writeFileSync(join(state, 'list.txt'), `# test\n${packages.join('\n')}\n`);
  const r = spawnSync(process.execPath, [SCRIPT, join(state, 'list.txt')], {
    cwd: appRoot,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_STATE: state, FAKE_FAIL: fail, DEBIAN_FRONTEND: '' },
    timeout: 30_000,
  });
  const calls = readFileSync(join(state, 'calls'), 'utf8').split('\n').filter(Boolean);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

describe.skipIf(!isRoot)('node scripts/ensureSystemPackages.js as root', () => {
  it('runs apt-get update once, then installs exactly the missing packages noninteractively, saying so in one line', () => {
    const r = runAsRoot(['coreutils', 'chromium', 'lsof', 'gdu'], ['coreutils', 'lsof']);
    expect(r.calls).toEqual([
      'DEBIAN_FRONTEND=noninteractive apt-get update -q',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium gdu',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^spoolscope: installing 2 system packages missing for the tests and benchmarks .*: chromium, gdu$/)]);
    expect(r.stderr).toBe('');
  });

  it('runs no apt-get at all when nothing is missing', () => {
    expect(runAsRoot(['coreutils', 'lsof'], ['coreutils', 'lsof'])).toEqual({ status: 0, stdout: '', stderr: '', calls: [] });
  });

  it('when the install fails: exit 1, the end of apt-get output and the exact command', () => {
    const r = runAsRoot(['coreutils', 'gdu'], ['coreutils'], 'install');
    expect(r.status).toBe(1);
    expect(r.calls).toHaveLength(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('spoolscope: apt-get failed (exit 100) while installing the system packages the tests and benchmarks need.');
    expect(lines).toContain('  E: Unable to locate package gdu');
    expect(lines).toContain('  Reading line 39');
    expect(lines).not.toContain('  Reading line 0'); // the end of the output, not all of it
    expect(lines.slice(-2)).toEqual(['The command was:', '  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gdu']);
  });

  it('when apt-get update fails: exit 1 with its command, and no install is tried', () => {
    const r = runAsRoot(['gdu'], [], 'update');
    expect(r.status).toBe(1);
    expect(r.calls).toEqual(['DEBIAN_FRONTEND=noninteractive apt-get update -q']);
    expect(r.stderr).toContain('  E: The repository is not signed.');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('  DEBIAN_FRONTEND=noninteractive apt-get update -q');
  });

  it('when apt-get exits 0 but a package is still not installed: exit 1 naming it', () => {
    const r = runAsRoot(['gdu', 'ncdu'], [], 'half');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('apt-get succeeded but these are still not installed: gdu, ncdu.');
  });
});
