// `npx spoolscope` runs bin/spoolscope.js through its shebang, which starts node with flags of its own
// (a smaller young generation, for a scan's peak RSS). A shebang env cannot split, or a flag this node
// rejects, would break every CLI run while the tests, which start out/main/cli.js directly, stayed green.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../support/cli';
import { cliNodeFlags } from '../../../bench/support/cliNodeFlags';

const bin = join(appRoot, 'bin', 'spoolscope.js');

describe('bin/spoolscope.js', () => {
  it('runs through its own shebang line, as npx runs it', () => {
    const out = execFileSync(bin, ['--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^usage:\n {2}spoolscope scan ROOT/);
  });

  it('starts node with flags this node accepts, the same ones the benches time the CLI with', () => {
    const flags = cliNodeFlags();
    expect(flags.length).toBeGreaterThan(0);
    const r = spawnSync(process.execPath, [...flags, '-p', 'process.execArgv.join(" ")'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split(' ').slice(0, flags.length)).toEqual(flags);
  });
});
