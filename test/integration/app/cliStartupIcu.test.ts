// A CLI run that prints no localized figure must not touch Intl: the first Intl object maps ICU's data, about
// 8 MB of resident memory, into the process (issue 17: a scan's peak RSS is a target). A module-level
// `new Intl.NumberFormat` in a shared text module did it for every command. The built CLI runs here under a
// preload that reports every Intl object made and every locale-aware call, so the check counts calls, not bytes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const PRELOAD = `
const seen = (what) => process.stderr.write('intl-used: ' + what + '\\n');
for (const name of ['NumberFormat', 'DateTimeFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames', 'Locale']) {
  const Real = Intl[name];
  if (!Real) continue;
  Intl[name] = new Proxy(Real, {
    construct(target, args, newTarget) { seen(name); return Reflect.construct(target, args, newTarget); },
    apply(target, self, args) { seen(name); return Reflect.apply(target, self, args); },
  });
}
for (const [proto, method] of [[String.prototype, 'localeCompare'], [Number.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleDateString'], [Date.prototype, 'toLocaleTimeString'], [String.prototype, 'normalize']]) {
  const real = proto[method];
  proto[method] = function (...args) { seen(method); return real.apply(this, args); };
}
`;

let tmp: { dir: string; cleanup: () => void };
let preload: string;

function run(args: string[], extraNodeArgs: string[] = []) {
  return spawnSync(process.execPath, ['--require', preload, ...extraNodeArgs, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') },
    timeout: 60_000,
  });
}
const intlUses = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('intl-used: '));

describe('CLI start-up leaves ICU alone', () => {
  beforeAll(() => {
    tmp = makeTempDir('cli-icu');
    preload = join(tmp.dir, 'intl-spy.cjs');
    writeFileSync(preload, PRELOAD);
    mkdirSync(join(tmp.dir, 'empty'));
  });
  afterAll(() => tmp?.cleanup());

  it('the spy sees an Intl object being made (so its silence below means something)', () => {
    const r = run(['-e', "new Intl.NumberFormat('en-US').format(1); 'a'.localeCompare('b')"]);
    expect(intlUses(r.stderr)).toEqual(['intl-used: NumberFormat', 'intl-used: localeCompare']);
  });

  it('--help and a scan of an empty directory (state store opened, migrated, scan saved) make no Intl object', () => {
    const help = run([cliPath, '--help']);
    expect(help.status).toBe(0);
    expect(intlUses(help.stderr)).toEqual([]);
    const scan = run([cliPath, 'scan', join(tmp.dir, 'empty'), '--json']);
    expect(scan.status, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout).files).toBe(0);
    expect(intlUses(scan.stderr)).toEqual([]);
  });
});
