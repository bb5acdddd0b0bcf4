// The packaging config as electron-builder reads it: valid against its own schema (a misplaced option
// fails, so the check bites), Linux AppImage and deb, the app's files, and no in-place rebuild of
// node_modules' better-sqlite3 (tests, serve and the CLI need its Node build).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { addonAbi } from '../../../scripts/addonAbi.js';

const appRoot = fileURLToPath(new URL('../../../', import.meta.url));
const configPath = join(appRoot, 'electron-builder.yml');

describe('electron-builder config', () => {
  it('validates against electron-builder\'s schema, and an unknown option would not', async () => {
    const config = await getConfig(appRoot, configPath, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const wrong = await getConfig(appRoot, configPath, { linux: { notAnOption: true } } as never);
    await expect(validateConfiguration(wrong, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('makes an AppImage and a deb, holds out/, the probes and the Electron-ABI sqlite, and rebuilds nothing in place', async () => {
    const config = await getConfig(appRoot, configPath, null);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    // getConfig hands the patterns back as one file set.
    const files = (config.files as Array<string | { filter?: string[] }>).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    expect(files).toEqual(expect.arrayContaining(['out/**/*', 'resources/probe/**/*', 'native/electron-*/**/*', 'package.json', '!native/.build-*']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['native/**/*']));
    expect(config.npmRebuild).toBe(false);
    expect(config.directories?.output).toBe('dist');
  });

  it('is what `npm run dist` runs', () => {
    const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts.dist).toBe('node scripts/dist.js');
    expect(readFileSync(join(appRoot, 'scripts/dist.js'), 'utf8')).toContain("'--config', 'electron-builder.yml'");
    expect(pkg.devDependencies['electron-builder']).toBeDefined();
    expect(pkg.main).toBe('./out/main/index.js');
  });
});

describe('addonAbi', () => {
  it('reads the ABI an addon registers for, and null for a file that registers none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spoolscope-abi-'));
    try {
      writeFileSync(join(dir, 'a.node'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), Buffer.from('\0node_register_module_v150\0')]));
      writeFileSync(join(dir, 'b.node'), 'napi_register_module_v1');
      expect(addonAbi(join(dir, 'a.node'))).toBe(150);
      expect(addonAbi(join(dir, 'b.node'))).toBeNull();
      // node_modules' own build is the running Node's.
      expect(addonAbi(join(appRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(Number(process.versions.modules));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
