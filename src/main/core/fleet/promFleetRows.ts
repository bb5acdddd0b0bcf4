// The fleet read from node_exporter's numbers in Prometheus: one row per instance, its worst filesystem
// (read-only and pseudo filesystems left out), its time to full at the fitted rate, and its state: down when
// `up` is 0, stale when it was seen in the window but has no sample now (the instant query's 5-min lookback).
import type { FleetRow, NodeState } from '../../../shared/nodeModels';
import type { InstanceMapping, PromInstanceState, RankedFleetRow } from '../../../shared/prometheusModels';
import { mappedName, instanceHost, type SshNodeIndex } from './instanceMapping';
import { PSEUDO_FSTYPES, MIN_TREND_SECONDS } from './promQueries';
import type { PromSample } from './promResponse';
import { compareRisk, riskClass, riskScore, sortByRisk } from './riskOrder';

/** A fitted time to full beyond a year is a flat line with noise on it: not filling. */
const MAX_SECONDS_TO_FULL = 365 * 86400;
const PSEUDO = new Set<string>(PSEUDO_FSTYPES);

export interface PromFleetAnswers {
  size: PromSample[];
  avail: PromSample[];
  readonly: PromSample[];
  availDeriv: PromSample[];
  up: PromSample[];
  /** Every instance seen in the window (its last up), with its labels. */
  seen: PromSample[];
  /** Value: how long (s) the instance has been seen, up to the window. */
  seenSpan: PromSample[];
}

export interface PromRowsContext {
  windowSeconds: number;
  mapping: InstanceMapping;
  ssh: SshNodeIndex;
  /** Saved SSH nodes' states by name (for sshState). */
  sshStates: ReadonlyMap<string, NodeState>;
}

interface FsSeries {
  instance: string;
  mount: string;
  fstype: string;
  size?: number;
  avail?: number;
  readonly?: boolean;
  deriv?: number;
}

const fsKey = (l: Readonly<Record<string, string>>) => `${l.instance ?? ''}\0${l.job ?? ''}\0${l.device ?? ''}\0${l.mountpoint ?? ''}`;

interface FsCandidate {
  mount: string;
  fill: number;
  secondsToFull: number | null;
}

export function promFleetRows(a: PromFleetAnswers, ctx: PromRowsContext): RankedFleetRow[] {
  const series = new Map<string, FsSeries>();
  const at = (s: PromSample): FsSeries | null => {
    const l = s.labels;
    if (!l.instance || l.mountpoint === undefined) return null;
    const k = fsKey(l);
    let e = series.get(k);
    if (!e) series.set(k, (e = { instance: l.instance, mount: l.mountpoint, fstype: l.fstype ?? '' }));
    return e;
  };
  const assign = (samples: PromSample[], set: (e: FsSeries, v: number) => void) => {
    for (const s of samples) {
      const e = at(s);
      if (e) set(e, s.value);
    }
  };
  assign(a.size, (e, v) => (e.size = v));
  assign(a.avail, (e, v) => (e.avail = v));
  assign(a.readonly, (e, v) => (e.readonly = v === 1));
  assign(a.availDeriv, (e, v) => (e.deriv = v));

  // Instance → labels of its up series (for --map-label), its up value, the span its trend covers.
  const upOf = new Map<string, { up: number; labels: Readonly<Record<string, string>> }>();
  for (const s of a.up) {
    const inst = s.labels.instance;
    if (!inst) continue;
    const prev = upOf.get(inst);
    // One instance scraped by two node jobs: down if either says so.
    if (!prev || s.value < prev.up) upOf.set(inst, { up: s.value, labels: s.labels });
  }
  const seen = new Map<string, Readonly<Record<string, string>>>();
  for (const s of a.seen) if (s.labels.instance && !seen.has(s.labels.instance)) seen.set(s.labels.instance, s.labels);
  const spanOf = new Map<string, number>();
  for (const s of a.seenSpan) {
    const inst = s.labels.instance;
    if (inst && Number.isFinite(s.value)) spanOf.set(inst, Math.max(spanOf.get(inst) ?? 0, s.value));
  }

  const worstByInstance = new Map<string, FsCandidate>();
  for (const fs of series.values()) {
    if (fs.readonly || PSEUDO.has(fs.fstype) || fs.size === undefined || fs.avail === undefined || !(fs.size > 0)) continue;
    const span = trendSpan(spanOf.get(fs.instance), ctx);
    const secondsToFull = span === null ? null : timeToFull(fs.avail, fs.deriv);
    const cand: FsCandidate = { mount: fs.mount, fill: clamp01(1 - fs.avail / fs.size), secondsToFull };
    const prev = worstByInstance.get(fs.instance);
    if (!prev || worse(cand, prev)) worstByInstance.set(fs.instance, cand);
  }

  const instances = new Set<string>([...upOf.keys(), ...seen.keys(), ...worstByInstance.keys()]);
  const rows: RankedFleetRow[] = [];
  for (const instance of instances) {
    const up = upOf.get(instance);
    const state: PromInstanceState = !up ? 'stale' : up.up === 0 ? 'down' : 'up';
    const labels = up?.labels ?? seen.get(instance) ?? {};
    const mapped = mappedName(ctx.mapping, instance, labels);
    const node = ctx.ssh.find(mapped);
    const name = node ?? (ctx.mapping.kind === 'label' && mapped !== null ? mapped : instanceHost(instance));
    const worst = state === 'up' ? worstByInstance.get(instance) ?? null : null;
    const span = trendSpan(spanOf.get(instance), ctx);
    const secondsToFull = worst?.secondsToFull ?? null;
    const fill = worst?.fill ?? null;
    const cls = riskClass(fill, secondsToFull, state !== 'up');
    rows.push({
      name,
      source: 'prometheus',
      state,
      sshState: node === null ? null : (ctx.sshStates.get(node) ?? null),
      instance,
      worstMount: worst?.mount ?? null,
      worstFillRatio: fill,
      secondsToFull,
      trendWindowSeconds: worst && worst.secondsToFull !== null ? span : null,
      riskClass: cls,
      risk: riskScore(cls, secondsToFull, fill),
      message: state === 'down' ? 'Prometheus cannot scrape it (up is 0)' : state === 'stale' ? 'no sample in the last 5 minutes' : worst ? null : 'no filesystem reported',
    });
  }
  return sortByRisk(rows);
}

/**
 * With Prometheus rows: the saved SSH nodes no instance maps to, ranked by fill alone (they have no forecast)
 * in the same order, and every row worst first.
 */
export function mergeWithSshRows(promRows: readonly RankedFleetRow[], sshRows: readonly FleetRow[]): RankedFleetRow[] {
  const covered = new Set(promRows.map((r) => r.name));
  const extra: RankedFleetRow[] = sshRows
    .filter((r) => !covered.has(r.name))
    .map((r) => {
      const blind = !['local', 'connected', 'partial', 'idle', 'connecting'].includes(r.state);
      const cls = riskClass(r.worstFillRatio, null, blind);
      return {
        name: r.name,
        source: 'ssh',
        state: r.state,
        sshState: r.state,
        instance: null,
        worstMount: r.worstMount,
        worstFillRatio: r.worstFillRatio,
        secondsToFull: null,
        trendWindowSeconds: null,
        riskClass: cls,
        risk: riskScore(cls, null, r.worstFillRatio),
        message: r.message,
      };
    });
  return [...promRows, ...extra].sort(compareRisk);
}

/** The span a trend was fitted over: the window, or less when the instance is newer; null when too short. */
function trendSpan(seenFor: number | undefined, ctx: PromRowsContext): number | null {
  if (seenFor === undefined) return null;
  const span = Math.min(ctx.windowSeconds, seenFor);
  return span >= MIN_TREND_SECONDS ? span : null;
}

function timeToFull(avail: number, deriv: number | undefined): number | null {
  if (deriv === undefined || !Number.isFinite(deriv) || deriv >= 0) return null;
  const t = Math.max(0, avail) / -deriv;
  return t <= MAX_SECONDS_TO_FULL ? t : null;
}

function worse(a: FsCandidate, b: FsCandidate): boolean {
  const ca = riskClass(a.fill, a.secondsToFull);
  const cb = riskClass(b.fill, b.secondsToFull);
  return compareRisk({ name: a.mount, riskClass: ca, secondsToFull: a.secondsToFull, worstFillRatio: a.fill }, { name: b.mount, riskClass: cb, secondsToFull: b.secondsToFull, worstFillRatio: b.fill }) < 0;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
