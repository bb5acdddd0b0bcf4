// `npm run dist [-- electron-builder args]`: the Linux packages (AppImage and deb, electron-builder.yml) in
// dist/. Order: build out/, build better-sqlite3 for the packaged Electron's ABI into native/ (the package
// cannot open its state store without it), then electron-builder, which downloads Electron itself (and
// appimagetool, fpm) unless -c.electronDist points at an unpacked Electron. Each failure is one line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const passArgs = process.argv.slice(2);
const builderArgs = passArgs.length ? passArgs : ['--linux'];

function die(line) {
  console.error(line);
  process.exit(1);
}

function run(bin, args, what) {
  const r = spawnSync(join(appRoot, 'node_modules', '.bin', bin), args, { cwd: appRoot, stdio: 'inherit' });
  if (r.status !== 0) die(`spoolscope: ${what} failed (see above).`);
}

async function main() {
  let electronVersion;
  try {
    electronVersion = JSON.parse(readFileSync(createRequire(join(appRoot, 'package.json')).resolve('electron/package.json'), 'utf8')).version;
  } catch {
    die('spoolscope: the electron package is not installed; run "npm install" first.');
  }
  run('electron-vite', ['build', '--logLevel', 'warn'], 'the build');
  try {
    console.log(`spoolscope: building better-sqlite3 for Electron ${electronVersion} (native/)...`);
    const { buildElectronSqlite } = await import('./electronSqlite.js');
    await buildElectronSqlite({ appRoot, electronVersion });
  } catch (err) {
    const why = String(err instanceof Error ? err.message : err).split('\n')[0];
    die(`spoolscope: could not build better-sqlite3 for Electron ${electronVersion} (${why}); it needs Electron's headers (a download) and python3, make, g++. The package would not open its state store without it.`);
  }
  run('electron-builder', ['--config', 'electron-builder.yml', ...builderArgs], 'electron-builder');
}

main().catch((err) => die(`spoolscope: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`));
