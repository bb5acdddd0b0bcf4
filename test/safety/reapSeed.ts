// One reap seed from tree to verdict: build the hostile tree, configure its root, plan through the real
// Reaper, judge the plan, execute it through the set-point transport (the adversary acts at each set point,
// the lab is snapshotted before and after it acts), judge every batch, then the canary tree and the helpers.
import { Reaper } from '../../src/main/services/reap/reaper';
import { rootsHandlers } from '../../src/main/handlers/roots';
import type { ReapPlan } from '../../src/shared/reapModels';
import { Rng } from '../support/seededRandom';
import { SetPointTransport, type SetPoint } from '../support/setPointTransport';
import { isUnder, readMounts, snapshotTree, type TreeSnapshot } from '../support/treeSnapshot';
import { judgeAfter, judgeBatch, judgePlan, summarize, type SetPointState, type Violation } from './reapJudge';
import { actAt, scheduleActions } from './reapAdversary';
import { buildReapWorld, type ReapWorld } from './reapWorld';
import { countBy, countLimitHits, emptyResult, type SeedResult } from './tally';
import type { SeedRunEnv } from './seedSuite';


function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'error';
}

function state(index: number, snap: TreeSnapshot, world: ReapWorld): SetPointState {
  return { index, snap, mounts: readMounts(), held: world.held.map((h) => ({ ...h })) };
}

/** Only a plan whose every path lies in the lab is ever executed (an escape to / is judged on the plan alone). */
function insideLab(world: ReapWorld, plan: ReapPlan): boolean {
  return isUnder(plan.physicalRoot, world.T) && plan.physicalRoot !== world.T;
}

export async function runReapSeed(seed: number, env: SeedRunEnv): Promise<SeedResult> {
  const t0 = Date.now();
  const rng = new Rng(seed);
  const roots = rootsHandlers({ store: env.store, transportFor: () => env.transport });
  const world = await buildReapWorld(seed, rng, {
    addRoot: async (path) => {
      await roots['roots.add']({ node: env.node, path }, { frontDoor: 'cli' });
    },
  });
  const violations: Violation[] = [];
  const result = emptyResult(seed, world.focus, world.scenario.kind === 'subroot-symlink' || world.scenario.kind === 'configured-symlink' ? `${world.scenario.kind} ${world.scenario.target.startsWith(world.T) ? 'canary' : world.scenario.target}` : world.scenario.kind, violations);
  try {
    const pre = snapshotTree(world.T);
    let plan: ReapPlan | null = null;
    let prev: SetPointState | null = null;
    let planned: SetPointState | null = null;
    // A few entries per batch: several set points a run, each batch still a real executor run (its own
    // process, its own writer/lock sweep), which is what a run costs most of.
    const perBatch = rng.fork('batch').pick([3, 4, 6, 8]);
    const transport = new SetPointTransport(env.transport, {
      entriesPerBatch: perBatch,
      hook: async (sp: SetPoint) => {
        if (sp.executor !== 'reap' || !plan || !planned) return;
        const seen = snapshotTree(world.T);
        if (prev) violations.push(...judgeBatch(world, plan, planned, prev, seen));
        if (sp.index === sp.batches) return;
        if (sp.index === 0) scheduleActions(world, rng, sp.batches);
        // The adversary only acts on a plan whose root is the configured one: an escaped plan is judged as is.
        const acting = world.actions.some((a) => a.at === sp.index) && plan.physicalRoot === world.storeDir;
        if (acting) await actAt(world, plan, sp.index);
        prev = state(sp.index, acting ? snapshotTree(world.T) : seen, world);
      },
    });
    const reaper = new Reaper({ transportFor: () => transport, store: env.store, onProgress: () => {}, scanReference: () => null });
    try {
      plan = await reaper.plan({ node: env.node, root: world.planRoot, policy: world.policy, partitions: world.manual ?? undefined });
    } catch (err) {
      result.refusal = errorCode(err);
    }
    if (plan) {
      result.planned = plan.entries.length;
      result.plannedFiles = plan.entries.reduce((s, e) => s + e.files.filter((f) => f.type === 'file').length + e.moreFiles, 0);
      result.planSkips = countBy(plan.skipped, (s) => s.code);
      planned = state(-1, snapshotTree(world.T), world);
      violations.push(...judgePlan(world, plan, planned));
      if (plan.entries.length > 0 && insideLab(world, plan)) {
        const r = await reaper.execute(plan.planId);
        if (transport.hookError) throw transport.hookError;
        result.done = r.removed.length;
        result.execSkips = countBy(r.skipped, (s) => s.code);
        result.batches = transport.runs.reduce((s, x) => s + x.batches, 0);
        countLimitHits(transport.runs, result.execSkips);
      }
    }
    const escaped = plan !== null && plan.physicalRoot !== world.storeDir;
    result.actions = world.actions.map((a) => `${a.kind}@${a.at}: ${a.done ?? (escaped ? 'off (the plan escaped the root: judged as it is)' : plan?.entries.length ? 'not reached' : 'off (nothing planned)')}`);
    violations.push(...judgeAfter(world, pre, snapshotTree(world.T)));
  } finally {
    await world.close();
  }
  result.violations = summarize(violations);
  result.ms = Date.now() - t0;
  return result;
}
