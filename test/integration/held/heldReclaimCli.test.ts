// `spoolscope reclaim-held`'s arguments: refusals that need no holder and no root (the built CLI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import type { ReclaimPlan } from '../../../src/shared/heldModels';

let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-reclaim-cli-'));
  env = { SPOOLSCOPE_DATA_DIR: dataDir };
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('reclaim-held arguments', () => {
  it('refuses with one line when neither --dry-run nor --yes is given, and does nothing', () => {
    const r = runCli(['reclaim-held', '--pid', String(process.pid)], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('spoolscope: reclaim-held: pass --dry-run to see the plan or --yes to truncate; nothing was done\n');
    expect(r.stdout).toBe('');
  });

  it('refuses both flags, a missing pid and a non-numeric fd', () => {
    expect(runCli(['reclaim-held', '--pid', '1', '--dry-run', '--yes'], env).stderr).toMatch(/not both/);
    expect(runCli(['reclaim-held', '--yes'], env).stderr).toMatch(/needs --pid P/);
    expect(runCli(['reclaim-held', '--pid', '1', '--fd', '3;rm', '--yes'], env).stderr).toMatch(/--fd takes a number/);
  });

  it('exits non-zero when nothing could be reclaimed', () => {
    const r = runCli(['reclaim-held', '--pid', String(process.pid), '--dry-run', '--json'], env);
    expect(r.status).toBe(4);
    const plan = JSON.parse(r.stdout) as ReclaimPlan;
    expect(plan.entries).toEqual([]);
    expect(plan.refused[0].reason).toMatch(/holds no deleted files/);
  });
});
