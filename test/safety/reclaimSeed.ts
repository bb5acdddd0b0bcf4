// One reclaim seed from holder to verdict: start the holder and its files, plan through the real HeldReclaimer
// (fed by the real held scan through the same transport), judge the plan, execute it through the set-point
// transport (the adversary acts at each set point; /proc is read before and after it acts), judge every
// batch, then the canary files and the helpers.
import { HeldReclaimer } from '../../src/main/services/held/heldReclaimer';
import { HeldScanner } from '../../src/main/services/held/heldScanner';
import type { ReclaimPlan } from '../../src/shared/heldModels';
import { Rng } from '../support/seededRandom';
import { SetPointTransport, type SetPoint } from '../support/setPointTransport';
import { snapshotTree } from '../support/treeSnapshot';
import { summarize, type Violation } from './reapJudge';
import { judgeReclaimAfter, judgeReclaimBatch, judgeReclaimPlan, observe, type HeldObservation } from './reclaimJudge';
import { buildReclaimWorld, reclaimActAt, scheduleReclaimActions } from './reclaimWorld';
import { countBy, countLimitHits, emptyResult, type SeedResult } from './tally';
import type { SeedRunEnv } from './seedSuite';


/** A refusal's code (issue 13 adds one), else the first words of its reason. */
function refusalCode(r: { code?: unknown; reason: string }): string {
  return typeof r.code === 'string' ? r.code : `(no code) ${r.reason.split(/[:(]/)[0].trim().slice(0, 40)}`;
}

export async function runReclaimSeed(seed: number, env: SeedRunEnv): Promise<SeedResult> {
  const t0 = Date.now();
  const rng = new Rng(seed);
  const world = await buildReclaimWorld(seed, rng);
  const violations: Violation[] = [];
  const kinds = countBy(world.fds, (f) => f.kind);
  const result = emptyResult(seed, world.focus, Object.keys(kinds).sort().join('+'), violations);
  try {
    const pre = snapshotTree(world.canary);
    let plan: ReclaimPlan | null = null;
    let prev: HeldObservation | null = null;
    const transport = new SetPointTransport(env.transport, {
      // One or two entries a batch: a plan holds a few fds, and each gap between batches is a set point.
      entriesPerBatch: rng.fork('batch').pick([1, 1, 2]),
      reclaimEntries: () => plan?.entries.length ?? 0,
      hook: async (sp: SetPoint) => {
        if (sp.executor !== 'reclaim' || !plan) return;
        const seen = observe(world, sp.index);
        if (prev) violations.push(...judgeReclaimBatch(world, plan, prev, seen));
        if (sp.index === sp.batches) return;
        if (sp.index === 0) scheduleReclaimActions(world, rng, sp.batches);
        const acting = world.actions.some((a) => a.at === sp.index);
        if (acting) await reclaimActAt(world, plan, sp.index);
        prev = acting ? observe(world, sp.index) : seen;
      },
    });
    const scanner = new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: () => new Map() });
    const reclaimer = new HeldReclaimer({ transportFor: () => transport, scan: (node) => scanner.scan(node), store: env.store });
    try {
      plan = await reclaimer.plan(env.node, world.holder.pid, world.planFds);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      result.refusal = typeof code === 'string' ? code : 'error';
    }
    if (plan) {
      result.planned = plan.entries.length;
      result.plannedFiles = plan.entries.length;
      result.planSkips = countBy(plan.refused, refusalCode);
      violations.push(...judgeReclaimPlan(world, plan, observe(world, -1)));
      if (plan.entries.length > 0) {
        const r = await reclaimer.reclaim(plan.planId);
        if (transport.hookError) throw transport.hookError;
        result.done = r.truncated.length;
        result.execSkips = countBy(
          r.skipped.filter((s) => !plan!.refused.includes(s)),
          refusalCode,
        );
        result.batches = transport.runs.reduce((s, x) => s + x.batches, 0);
        countLimitHits(transport.runs, result.execSkips);
      }
    }
    result.actions = world.actions.map((a) => `${a.kind}@${a.at}: ${a.done ?? (plan?.entries.length ? 'not reached' : 'off (nothing planned)')}`);
    // A mapper touches its pages every 2 ms: give a truncated mapping time to kill it before looking.
    await new Promise((r) => setTimeout(r, 30));
    violations.push(...judgeReclaimAfter(world, pre, snapshotTree(world.canary)));
  } finally {
    await world.close();
  }
  result.violations = summarize(violations);
  result.ms = Date.now() - t0;
  return result;
}
