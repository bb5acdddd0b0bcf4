// Builds better-sqlite3 for Electron's ABI into native/electron-<version>/, leaving node_modules' Node
// build alone (tests, serve and the CLI keep using it). Done in a scratch copy under native/ so
// @electron/rebuild, walking up from the copy, still finds prebuild-install in the app's node_modules and
// can fetch a prebuilt Electron binary before falling back to compiling against Electron's headers.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { nativeBindingPath } from './electronBinary.js';
import { addonAbi } from './addonAbi.js';

export async function buildElectronSqlite({ appRoot, electronVersion }) {
  const target = nativeBindingPath(appRoot, electronVersion);
  if (existsSync(target)) return target;
  const require = createRequire(join(appRoot, 'package.json'));
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const version = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  mkdirSync(join(appRoot, 'native'), { recursive: true });
  const work = mkdtempSync(join(appRoot, 'native', '.build-'));
  try {
    const copy = join(work, 'node_modules', 'better-sqlite3');
    const build = join(source, 'build');
    // Without the Node build: a stale build/ would make the rebuild look already done.
    cpSync(source, copy, { recursive: true, filter: (p) => p !== build && !p.startsWith(build + sep) });
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'spoolscope-native-build', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': version } }));
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: work, electronVersion, force: true, onlyModules: ['better-sqlite3'] });
    const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`the rebuild finished but ${built} is missing`);
    // Offline, the rebuild can fall back to the running Node's headers: such a build must not be kept.
    const { getAbi } = await import('node-abi');
    const wanted = Number(getAbi(electronVersion, 'electron'));
    const found = addonAbi(built);
    if (found !== null && found !== wanted) throw new Error(`the build is for Node ABI ${found}, not Electron ${electronVersion}'s ${wanted} (Electron's headers could not be downloaded?)`);
    mkdirSync(dirname(target), { recursive: true });
    // Copy then rename: an interrupted start never leaves a half-written addon at the final path.
    copyFileSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
