// `npm start` where the Electron binary cannot be had prints one clear line pointing at `npm run serve` and
// exits 1: no build log, no download progress, no stack trace. The decision logic is tested on fake
// electron packages; the script itself is run as a real process.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MISSING_ELECTRON_MESSAGE,
  downloadElectron,
  electronPackageDir,
  locateElectronBinary,
  nativeBindingPath,
  planStart,
} from '../../../scripts/electronBinary.js';
import { electronNativeBindingPath } from '../../../src/main/store/nativeBinding';
import { appRoot } from '../../support/cli';

const scratch = mkdtempSync(join(tmpdir(), 'spoolscope-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fake electron package. Its install.js fails the way the real one does here, unless told to "download". */
function fakeElectron(name: string, opts: { pathTxt?: string; binary?: boolean; installWorks?: boolean } = {}): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.9.9' }));
  if (opts.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, 'dist', 'electron'), 0o755);
  }
  writeFileSync(
    join(dir, 'install.js'),
    opts.installWorks
      ? `const fs = require('fs'); fs.mkdirSync(__dirname + '/dist', { recursive: true }); fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron'); console.log('Downloading...');`
      : `console.log('Downloading Electron binary...'); console.error(new TypeError('fetch failed').stack); process.exit(1);`,
  );
  return dir;
}

function runStart(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['scripts/start.js'], {
    cwd: appRoot,
    env: { ...process.env, SPOOLSCOPE_SKIP_BUILD: '1', ELECTRON_OVERRIDE_DIST_PATH: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function expectOneClearLine(run: { status: number | null; output: string }) {
  expect(run.status).toBe(1);
  const lines = run.output.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toEqual([MISSING_ELECTRON_MESSAGE]);
  expect(run.output).toContain('npm run serve');
  expect(run.output).not.toMatch(/^\s+at /m);
}

describe('locating the Electron binary without require("electron")', () => {
  it('reports a package that never downloaded its binary as missing', () => {
    expect(locateElectronBinary(fakeElectron('never'), {})).toMatchObject({ ok: false, version: '45.9.9', reason: expect.stringContaining('never downloaded') });
  });
  it('reports a path.txt whose binary is gone as missing', () => {
    expect(locateElectronBinary(fakeElectron('gone', { pathTxt: 'electron' }), {})).toMatchObject({ ok: false, reason: expect.stringContaining('is missing') });
  });
  it('finds dist/<path.txt>, as electron/index.js does', () => {
    const dir = fakeElectron('present', { pathTxt: 'electron', binary: true });
    expect(locateElectronBinary(dir, {})).toEqual({ ok: true, path: join(dir, 'dist', 'electron'), version: '45.9.9', packageDir: dir });
  });
  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dist = join(fakeElectron('override-target', { pathTxt: 'electron', binary: true }), 'dist');
    const dir = fakeElectron('override', {});
    expect(locateElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toMatchObject({ ok: true, path: join(dist, 'electron') });
  });
  it('reports no package at all as missing', () => {
    expect(locateElectronBinary(null, {})).toMatchObject({ ok: false });
    expect(electronPackageDir(appRoot, {})).toBe(join(appRoot, 'node_modules', 'electron'));
  });
});

describe('the start plan', () => {
  it('is "missing" with the one-line message when there is no binary', () => {
    expect(planStart(appRoot, { ok: false, reason: 'x' })).toEqual({ action: 'missing', message: MISSING_ELECTRON_MESSAGE });
    expect(MISSING_ELECTRON_MESSAGE).not.toContain('\n');
  });
  it('is "launch", building the Electron-ABI better-sqlite3 first when native/ lacks it', () => {
    const dir = fakeElectron('launch', { pathTxt: 'electron', binary: true });
    const root = join(scratch, 'app');
    const plan = planStart(root, locateElectronBinary(dir, {}));
    expect(plan).toEqual({
      action: 'launch',
      electronPath: join(dir, 'dist', 'electron'),
      electronVersion: '45.9.9',
      nativeBinding: join(root, 'native', 'electron-45.9.9', 'better_sqlite3.node'),
      needsNativeBuild: true,
    });
    mkdirSync(join(root, 'native', 'electron-45.9.9'), { recursive: true });
    writeFileSync(join(root, 'native', 'electron-45.9.9', 'better_sqlite3.node'), '');
    expect(planStart(root, locateElectronBinary(dir, {}))).toMatchObject({ needsNativeBuild: false });
  });
  it('puts the native build where the Electron entry looks for it', () => {
    expect(nativeBindingPath('/opt/app', '45.5.0')).toBe(electronNativeBindingPath('/opt/app', '45.5.0'));
  });
});

describe('the first-start download', () => {
  it('runs the package installer quietly and reports failure as false', async () => {
    expect(await downloadElectron(fakeElectron('dl-fails'), { env: {} })).toBe(false);
  });
  it('after a successful download the binary is found', async () => {
    const dir = fakeElectron('dl-works', { installWorks: true });
    expect(await downloadElectron(dir, { env: {} })).toBe(true);
    expect(locateElectronBinary(dir, {})).toMatchObject({ ok: true });
  });
  it('respects ELECTRON_SKIP_BINARY_DOWNLOAD', async () => {
    const dir = fakeElectron('dl-skip', { installWorks: true });
    expect(await downloadElectron(dir, { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toBe(false);
    expect(locateElectronBinary(dir, {})).toMatchObject({ ok: false });
  });
});

describe('node scripts/start.js', () => {
  it('prints exactly one clear line and exits 1 when the download fails (fake electron package)', () => {
    expectOneClearLine(runStart({ SPOOLSCOPE_ELECTRON_PACKAGE_DIR: fakeElectron('script-fails') }));
  });

  // The real thing: electron 45 from node_modules, whose download cannot reach its host on this machine.
  const real = locateElectronBinary(electronPackageDir(appRoot, {}), {});
  it.skipIf(real.ok)('prints exactly one clear line and exits 1 with the real electron package here', () => {
    expectOneClearLine(runStart({}));
  });
});
