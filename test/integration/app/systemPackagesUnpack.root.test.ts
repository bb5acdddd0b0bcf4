// The pretest's unpacked packages as root, the real script and the real dpkg-deb with a fake dpkg-query and
// apt-get first on PATH: a missing package is fetched by one `apt-get download` (after one update) and
// unpacked into the cache with its marker, announced in one line; a second run does nothing; a download that
// brings no .deb fails naming the package, and leaves nothing that looks unpacked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../support/cli';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';

const SCRIPT = join(appRoot, 'scripts', 'ensureSystemPackages.js');
const tmp = makeTempDir('syspkgs-unpack');
afterAll(() => tmp.cleanup());

const FAKE_DPKG_QUERY = `#!/bin/sh
shift 2
for p in "$@"; do echo "$p	installed"; done
`;

/** `download` builds a real .deb of each named package (one file, usr/bin/<name>) in the current directory. */
const FAKE_APT_GET = `#!/bin/sh
echo "apt-get $*" >> "$FAKE_STATE/calls"
[ "$1" = download ] || exit 0
shift 2
for p in "$@"; do
  [ "$p" = "$FAKE_MISSING" ] && continue
  t="$FAKE_STATE/build-$p"; mkdir -p "$t/DEBIAN" "$t/usr/bin"
  printf 'Package: %s\\nVersion: 1.0-1\\nArchitecture: all\\nMaintainer: t <t@example.org>\\nDescription: test\\n' "$p" > "$t/DEBIAN/control"
  printf '#!/bin/sh\\necho %s\\n' "$p" > "$t/usr/bin/$p"; chmod 755 "$t/usr/bin/$p"
  dpkg-deb --build "$t" "./\${p}_1.0-1_all.deb" >/dev/null || exit 1
done
`;

function setup(name: string) {
  const state = join(tmp.dir, name);
  const bin = join(state, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'dpkg-query'), FAKE_DPKG_QUERY, { mode: 0o755 });
  writeFileSync(join(bin, 'apt-get'), FAKE_APT_GET, { mode: 0o755 });
  writeFileSync(join(state, 'list.txt'), 'coreutils\n');
  writeFileSync(join(state, 'unpack.txt'), '# test\nspool-a\nspool-b\n');
  writeFileSync(join(state, 'calls'), '');
  return state;
}

function run(state: string, missing = '') {
  const cache = join(state, 'cache');
  const r = spawnSync(process.execPath, [SCRIPT, join(state, 'list.txt'), join(state, 'unpack.txt'), cache], {
    cwd: appRoot,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(state, 'bin')}:${process.env.PATH}`, FAKE_STATE: state, FAKE_MISSING: missing },
    timeout: 30_000,
  });
  const calls = readFileSync(join(state, 'calls'), 'utf8').split('\n').filter(Boolean);
  writeFileSync(join(state, 'calls'), '');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, cache };
}

describe.skipIf(!isRoot)('node scripts/ensureSystemPackages.js: packages unpacked, not installed', () => {
  it('downloads the missing ones once, unpacks each into the cache with its marker, then does nothing', () => {
    const state = setup('fresh');
    const first = run(state);
    expect(first.status).toBe(0);
    expect(first.calls).toEqual(['apt-get update -q', 'apt-get download -q spool-a spool-b']);
    expect(first.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^spoolscope: unpacking 2 system packages the tests run without installing .*: spool-a, spool-b$/)]);
    for (const p of ['spool-a', 'spool-b']) {
      expect(readFileSync(join(first.cache, p, 'usr/bin', p), 'utf8')).toBe(`#!/bin/sh\necho ${p}\n`);
      expect(readFileSync(join(first.cache, p, '.unpacked'), 'utf8')).toBe(`${p}_1.0-1_all.deb\n`);
    }
    expect(run(state)).toMatchObject({ status: 0, stdout: '', stderr: '', calls: [] });
  });

  it('fails naming a package the download brought no .deb for, and unpacks nothing that looks done', () => {
    const state = setup('partial');
    const r = run(state, 'spool-b');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('apt-get download succeeded but brought no .deb for: spool-b.');
    expect(existsSync(join(r.cache, 'spool-b', '.unpacked'))).toBe(false);
    expect(existsSync(join(r.cache, 'spool-a', '.unpacked'))).toBe(false);
  });
});
