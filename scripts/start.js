// `npm start [-- --no-build] [electron args]`: opens the desktop window.
// Order matters: the Electron binary is checked first, so a machine that cannot have it (no route to its
// download host) gets one clear line pointing at `npm run serve`, not a build log followed by a stack
// trace. Then: build, make sure better-sqlite3 exists for Electron's ABI, launch.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { downloadElectron, electronPackageDir, locateElectronBinary, planStart } from './electronBinary.js';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
// SPOOLSCOPE_SKIP_BUILD lets a test run this script in a second instead of a build's worth.
const noBuild = args.includes('--no-build') || process.env.SPOOLSCOPE_SKIP_BUILD === '1';
const passArgs = args.filter((a) => a !== '--no-build');

/** Every failure ends here: one line on stderr, exit 1. */
function die(line) {
  console.error(line);
  process.exit(1);
}

async function main() {
  const packageDir = electronPackageDir(appRoot);
  let binary = locateElectronBinary(packageDir);
  if (!binary.ok && packageDir) {
    // What require('electron') would do on first use, but quiet: on a normal machine this fetches it.
    await downloadElectron(packageDir, { onSlow: () => console.log('spoolscope: downloading the Electron binary (first start only)...') });
    binary = locateElectronBinary(packageDir);
  }
  const plan = planStart(appRoot, binary);
  if (plan.action === 'missing') die(plan.message);

  if (!noBuild || !existsSync(`${appRoot}/out/main/index.js`)) {
    const build = spawnSync(`${appRoot}/node_modules/.bin/electron-vite`, ['build', '--logLevel', 'warn'], { cwd: appRoot, stdio: 'inherit' });
    if (build.status !== 0) die('spoolscope: the build failed (see above); fix it and run "npm start" again.');
  }

  if (plan.needsNativeBuild) {
    console.log(`spoolscope: building better-sqlite3 for Electron ${plan.electronVersion} (first start only)...`);
    try {
      // Imported here: @electron/rebuild is only needed on this path.
      const { buildElectronSqlite } = await import('./electronSqlite.js');
      await buildElectronSqlite({ appRoot, electronVersion: plan.electronVersion });
    } catch (err) {
      const why = String(err instanceof Error ? err.message : err).split('\n')[0];
      die(`spoolscope: could not build better-sqlite3 for Electron ${plan.electronVersion} (${why}); "npm run serve" works without it.`);
    }
  }

  // ELECTRON_RUN_AS_NODE in the environment would start a plain Node instead of the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(plan.electronPath, [appRoot, ...passArgs], { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => die(`spoolscope: could not run ${plan.electronPath}: ${err.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err) => die(`spoolscope: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`));
