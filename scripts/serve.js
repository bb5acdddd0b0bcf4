// `npm run serve [-- --root PATH] [--port N] [--no-build]`: builds, then serves the UI for a browser.
// The flags are parsed, and `--help` answered, by out/main/serve.js (src/main/serveMain.ts).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
// Usage needs no fresh build: answer it at once from the last one, when there is one.
const wantsHelp = args.includes('--help') || args.includes('-h');
const noBuild = args.includes('--no-build') || wantsHelp;
const passArgs = args.filter((a) => a !== '--no-build');

if (!noBuild || !existsSync(`${appRoot}/out/main/serve.js`)) {
  const build = spawnSync(`${appRoot}/node_modules/.bin/electron-vite`, ['build', '--logLevel', 'warn'], { cwd: appRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('spoolscope: the build failed (see above); fix it and run "npm run serve" again.');
    process.exit(1);
  }
}
const child = spawn(process.execPath, [`${appRoot}/out/main/serve.js`, ...passArgs], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
