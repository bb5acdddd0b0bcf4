// What one seed did and what a run of seeds adds up to: printed after each suite file (seeds, trees,
// partitions planned, files removed, skips and refusals by code, violations by class with their seeds, time)
// and written to test-results/ for the record.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ExecutorRun } from '../support/setPointTransport';
import type { Violation } from './reapJudge';

export interface SeedResult {
  seed: number;
  focus: string;
  /** The root scenario (reap) or the holder's make-up (reclaim). */
  setting: string;
  violations: Violation[];
  /** Partitions (reap) or fds (reclaim) in the plan. */
  planned: number;
  plannedFiles: number;
  /** Files removed (reap) or truncated (reclaim). */
  done: number;
  /** Plan-time skips and refusals, by code. */
  planSkips: Record<string, number>;
  /** Execution-time skips, by code. */
  execSkips: Record<string, number>;
  /** A plan refused outright (thrown), by its code. */
  refusal: string | null;
  batches: number;
  /** What the adversary did (or why not), in order. */
  actions: string[];
  ms: number;
}

/** A seed's result before it has run anything: what it is about, and nothing done yet. */
export function emptyResult(seed: number, focus: string, setting: string, violations: Violation[]): SeedResult {
  return { seed, focus, setting, violations, planned: 0, plannedFiles: 0, done: 0, planSkips: {}, execSkips: {}, refusal: null, batches: 0, actions: [], ms: 0 };
}

function bump(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

/**
 * Executor runs a limit stopped (records, bytes, time), counted as `executor-limit-<which>`: the entries left
 * were never attempted, which is safe but not what a plan promised.
 */
export function countLimitHits(runs: readonly ExecutorRun[], into: Record<string, number>): void {
  for (const run of runs) {
    const hit = run.outcome?.limitHit;
    if (hit) into[`executor-limit-${hit}`] = (into[`executor-limit-${hit}`] ?? 0) + 1;
  }
}

export class Tally {
  readonly results: SeedResult[] = [];
  private readonly started = Date.now();

  constructor(readonly title: string) {}

  add(r: SeedResult): void {
    this.results.push(r);
  }

  /** Seeds with at least one violation, by class. */
  failingByClass(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const r of this.results) {
      const classes = new Set(r.violations.flatMap((v) => v.classes));
      for (const c of classes) out.set(c, [...(out.get(c) ?? []), r.seed]);
    }
    return new Map([...out].sort());
  }

  lines(): string[] {
    const rs = this.results;
    const planSkips: Record<string, number> = {};
    const execSkips: Record<string, number> = {};
    for (const r of rs) {
      bump(planSkips, r.planSkips);
      bump(execSkips, r.execSkips);
    }
    const refusals = countBy(
      rs.filter((r) => r.refusal !== null),
      (r) => r.refusal!,
    );
    const fmt = (o: Record<string, number>) =>
      Object.entries(o)
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none';
    const seeds = rs.map((r) => r.seed);
    const range = seeds.length > 0 ? `${Math.min(...seeds)}..${Math.max(...seeds)} (${seeds.length})` : 'none';
    const out = [
      `${this.title}: seeds ${range}, ${((Date.now() - this.started) / 1000).toFixed(1)} s (${rs.length ? Math.round(rs.reduce((s, r) => s + r.ms, 0) / rs.length) : 0} ms a seed)`,
      `  trees ${rs.length}, planned ${rs.reduce((s, r) => s + r.planned, 0)} (${rs.reduce((s, r) => s + r.plannedFiles, 0)} files), done ${rs.reduce((s, r) => s + r.done, 0)}, executor batches ${rs.reduce((s, r) => s + r.batches, 0)}`,
      `  plan skips/refusals by code: ${fmt(planSkips)}`,
      `  execution skips by code: ${fmt(execSkips)}`,
      `  plans refused outright: ${fmt(refusals)}`,
      `  settings: ${fmt(countBy(rs, (r) => r.setting))}`,
    ];
    const failing = this.failingByClass();
    if (failing.size === 0) out.push('  violations: none');
    for (const [cls, s] of failing) out.push(`  violations [${cls}]: seeds ${s.join(' ')}`);
    return out;
  }

  /** Prints the summary and keeps the per-seed detail in test-results/safety-<file>.json. */
  report(file: string): void {
    console.log(this.lines().join('\n'));
    try {
      mkdirSync('test-results', { recursive: true });
      writeFileSync(`test-results/safety-${file}.json`, JSON.stringify({ title: this.title, summary: this.lines(), results: this.results }, null, 1));
    } catch {
      // The record is a convenience; the printed summary is the report.
    }
  }
}

/** A failing seed's message: what went wrong, which class, and how to replay it. */
export function failureMessage(r: SeedResult, replay: string): string {
  const shown = r.violations.slice(0, 12).map((v) => `  [${v.classes.join(',')}] ${v.kind}: ${v.detail}`);
  const more = r.violations.length > shown.length ? [`  ... and ${r.violations.length - shown.length} more`] : [];
  return [
    `seed ${r.seed} (focus ${r.focus}, ${r.setting}): ${r.violations.length} violation${r.violations.length === 1 ? '' : 's'} of "nothing outside the plan"`,
    ...shown,
    ...more,
    `  adversary: ${r.actions.join('; ') || 'none'}`,
    `  replay: ${replay}`,
  ].join('\n');
}
