// `npm run serve -- --help` prints the usage and exits 0 without opening anything; a flag it does not know,
// a stray argument or a bad port is one line on stderr with the hint to --help, and a non-zero exit.
// The real scripts: npm's `serve` script (scripts/serve.js) and the built out/main/serve.js.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const SERVE_MAIN = join(appRoot, 'out', 'main', 'serve.js');
const tmp = makeTempDir('serve-args');
afterAll(() => tmp.cleanup());
// Where the state store would be created: none of these runs may open the backend.
const dataDir = join(tmp.dir, 'data');

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: appRoot, encoding: 'utf8', env: { ...process.env, SPOOLSCOPE_DATA_DIR: dataDir }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUsage(r: { status: number | null; stdout: string; stderr: string }) {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^usage: npm run serve /m);
  for (const flag of ['--root DIR', '--port N', '--no-build', '-h, --help', '127.0.0.1', 'token', 'SPOOLSCOPE_DATA_DIR']) expect(r.stdout).toContain(flag);
  expect(r.stdout).not.toContain('serving at');
  expect(existsSync(dataDir)).toBe(false);
}

function expectRefusal(r: { status: number | null; stdout: string; stderr: string }, what: string) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^spoolscope serve: .* \(npm run serve -- --help lists the options\)$/);
  expect(lines[0]).toContain(what);
  expect(existsSync(dataDir)).toBe(false);
}

describe('npm run serve -- --help', () => {
  it('prints the usage and exits 0 (through npm, as the README says)', () => {
    expectUsage(run('npm', ['run', '--silent', 'serve', '--', '--help']));
  });

  it('answers -h too, and --help next to a mistake', () => {
    expectUsage(run(process.execPath, [SERVE_MAIN, '-h']));
    expectUsage(run(process.execPath, [SERVE_MAIN, '--bogus', '--help']));
  });
});

describe('a command line serve refuses', () => {
  it('an unknown flag, through scripts/serve.js', () => {
    expectRefusal(run(process.execPath, ['scripts/serve.js', '--no-build', '--bogus']), "Unknown option '--bogus'");
  });

  it('a stray argument', () => {
    expectRefusal(run(process.execPath, [SERVE_MAIN, '/var/log']), "Unexpected argument '/var/log'");
  });

  it('a flag missing its value', () => {
    expectRefusal(run(process.execPath, [SERVE_MAIN, '--port']), '--port');
  });

  it('a port out of range, empty or not decimal', () => {
    expectRefusal(run(process.execPath, [SERVE_MAIN, '--port', '65536']), '--port must be 0..65535, got "65536"');
    expectRefusal(run(process.execPath, [SERVE_MAIN, '--port', '']), '--port must be 0..65535, got ""');
    expectRefusal(run(process.execPath, [SERVE_MAIN, '--port', '0x50']), '--port must be 0..65535, got "0x50"');
  });

  it('a hostile flag stays on one line, its control characters escaped', () => {
    expectRefusal(run(process.execPath, [SERVE_MAIN, '--bo\ngus\u001b[2J']), "Unknown option '--bo\\ngus\\u001b[2J'");
  });
});
