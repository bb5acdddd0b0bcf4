// An unpacked `--linux dir` build, made offline: electron-builder is given a stub Electron (-c.electronDist,
// so nothing is downloaded) and writes to a temp dir. The app it packs must hold the built out/ (main,
// preload, renderer), every probe script, package.json and the production dependencies, and leave out
// what only development needs. Needs the build (`npm run build`). The AppImage and deb themselves need
// appimagetool and fpm, downloads that cannot be reached here.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appRoot = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(path: string, opts?: object): string[] };

let work: string;
let result: ReturnType<typeof spawnSync>;
let appOut: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'spoolscope-dist-'));
  const stub = join(work, 'electron-dist');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  // Only what electron-builder copies and renames: the binary is a shell script that could never run the app.
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho "stub electron" >&2\nexit 1\n');
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'LICENSE'), 'stub');
  writeFileSync(join(stub, 'LICENSES.chromium.html'), 'stub');
  writeFileSync(join(stub, 'version'), '0.0.0-stub');
  const started = Date.now();
  result = spawnSync(
    join(appRoot, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', 'dir', '--config', 'electron-builder.yml', `-c.electronDist=${stub}`, `-c.directories.output=${join(work, 'dist')}`],
    { cwd: appRoot, encoding: 'utf8', timeout: 180_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' } },
  );
  console.log(`electron-builder --linux dir: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  appOut = join(work, 'dist', 'linux-unpacked');
}, 200_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('unpacked Linux build (electron-builder --linux dir, stub electronDist)', () => {
  it('runs offline and names the executable spoolscope', () => {
    expect(result.status, `${String(result.stdout)}\n${String(result.stderr)}`).toBe(0);
    expect(statSync(join(appOut, 'spoolscope')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(appOut, 'resources', 'app.asar'))).toBe(true);
  });

  it('holds out/ (main, preload, renderer), every probe script and package.json', () => {
    const files = new Set(asar.listPackage(join(appOut, 'resources', 'app.asar')));
    for (const f of ['/out/main/index.js', '/out/main/cli.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files, f).toContain(f);
    expect([...files].some((f) => /^\/out\/renderer\/assets\/.+\.css$/.test(f))).toBe(true);
    const probes = readdirSync(join(appRoot, 'resources', 'probe'));
    expect(probes.length).toBeGreaterThan(5);
    for (const p of probes) expect(files, p).toContain(`/resources/probe/${p}`);
  });

  it('carries the production dependencies, unpacks native addons, and leaves development-only packages out', () => {
    const files = asar.listPackage(join(appOut, 'resources', 'app.asar'));
    const packages = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    for (const p of ['better-sqlite3', 'ssh2', 'ws', 'zod', 'chokidar']) expect(packages, p).toContain(p);
    for (const p of ['electron', 'vitest', 'electron-builder', 'tsx', 'esbuild', 'typescript']) expect(packages, p).not.toContain(p);
    expect(existsSync(join(appOut, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(appOut, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'src'))).toBe(false);
  });
});
