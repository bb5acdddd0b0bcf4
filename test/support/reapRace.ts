// The symlink race, shared by the local and SSH suites: planned partition directories (or the year directory
// above them) swapped for symlinks to canaries while the reap runs. Each canary holds hard links to the very
// files planned in its directory (same inode, size and mtime), so only the executor's directory checks can
// tell them apart: a followed symlink would remove a canary's link.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Reaper } from '../../src/main/services/reap/reaper';
import { DAY_S, hardLink, startSymlinkSwapper, writeFile, YEAR_START } from './reapLab';

export interface RaceOptions {
  reaper: Reaper;
  node: string;
  /** A configured root; the store goes under root/2026. */
  root: string;
  /** Where canaries and the swap counter live (outside the root). */
  work: string;
  /** At least this many rounds; more (up to four times as many) until both outcomes, removed and skipped, were seen. */
  rounds: number;
  /** Planned partitions 2026/001.. per round, each a directory swapped on its own. */
  dirs: number;
  files: number;
  /** Swap each partition directory, or the year directory above all of them. */
  level: 'partition' | 'year';
}

export interface RaceOutcome {
  swaps: number;
  removed: number;
  /** Skip codes seen for files. */
  codes: Set<string>;
  skippedFiles: number;
  /** Every canary kept every link, every round. */
  canaryIntact: boolean;
  /** Every planned file was either removed or skipped with a reason, every round. */
  accounted: boolean;
}

const name = (i: number) => String(i + 1).padStart(3, '0');

function restore(dir: string): void {
  try {
    if (lstatSync(dir).isSymbolicLink()) unlinkSync(dir);
  } catch {
    // not there
  }
  if (existsSync(`${dir}.real`)) renameSync(`${dir}.real`, dir);
}

async function waitForSwaps(counter: string, atLeast: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(counter) && Number(readFileSync(counter, 'utf8')) >= atLeast) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function symlinkRace(o: RaceOptions): Promise<RaceOutcome> {
  const out: RaceOutcome = { swaps: 0, removed: 0, codes: new Set(), skippedFiles: 0, canaryIntact: true, accounted: true };
  const year = join(o.root, '2026');
  const canaryBase = join(o.work, `canary-${o.level}`);
  const counter = join(o.work, `swaps-${o.level}`);
  const partitions = Array.from({ length: o.dirs }, (_, i) => `2026/${name(i)}`);
  const bothSeen = () => out.removed > 0 && out.skippedFiles > 0;
  for (let round = 0; round < o.rounds || (!bothSeen() && round < o.rounds * 4); round++) {
    rmSync(canaryBase, { recursive: true, force: true });
    rmSync(counter, { force: true });
    for (let d = 0; d < o.dirs; d++) {
      const part = join(year, name(d));
      const canary = join(canaryBase, name(d));
      mkdirSync(part, { recursive: true });
      mkdirSync(canary, { recursive: true });
      for (let f = 0; f < o.files; f++) {
        writeFile(join(part, `seg-${f}.log.1`), 4096, YEAR_START);
        hardLink(join(part, `seg-${f}.log.1`), join(canary, `seg-${f}.log.1`));
      }
    }
    // Two newer days keep the newest-2 floor away from the planned ones.
    for (const d of ['200', '201']) {
      mkdirSync(join(year, d), { recursive: true });
      writeFile(join(year, d, 'x.log'), 4096, YEAR_START + DAY_S * Number(d));
    }
    const plan = await o.reaper.plan({ node: o.node, root: o.root, policy: { maxBytes: null, maxAgeDays: null, keepNewest: 2 }, partitions });
    if (plan.entries.length !== o.dirs) throw new Error(`planned ${plan.entries.length} partitions, expected ${o.dirs}: ${JSON.stringify(plan.skipped)}`);
    const pairs =
      o.level === 'year'
        ? [{ dir: year, target: canaryBase }]
        : partitions.map((_, d) => ({ dir: join(year, name(d)), target: join(canaryBase, name(d)) }));
    // Even rounds swap flat out, so the real directory is almost never there; odd ones leave it in place up
    // to a millisecond after each swap, so reaps also meet it between swaps.
    const swapper = await startSymlinkSwapper(pairs, counter, round % 2 === 0 ? 0 : 1, round);
    await waitForSwaps(counter, 100);
    const result = await o.reaper.execute(plan.planId);
    await swapper.stop();
    for (const p of pairs) restore(p.dir);
    out.swaps += existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
    out.removed += result.removed.length;
    const fileSkips = result.skipped.filter((s) => !partitions.includes(s.path));
    out.skippedFiles += fileSkips.length;
    for (const s of fileSkips) out.codes.add(s.code);
    if (result.removed.length + fileSkips.length !== o.dirs * o.files) out.accounted = false;
    for (let d = 0; d < o.dirs; d++) if (readdirSync(join(canaryBase, name(d))).length !== o.files) out.canaryIntact = false;
  }
  return out;
}
