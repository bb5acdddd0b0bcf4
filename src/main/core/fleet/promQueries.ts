// The PromQL behind the Prometheus fleet source: a handful of queries for the whole fleet, never one per node,
// so 10,000 instances cost the same eight round trips as ten.

/** node_exporter's own default exclusions plus read-only images: none of them is a disk logs fill. */
export const PSEUDO_FSTYPES = [
  'autofs', 'binfmt_misc', 'bpf', 'cgroup', 'cgroup2', 'configfs', 'debugfs', 'devpts', 'devtmpfs', 'fusectl', 'hugetlbfs',
  'mqueue', 'nsfs', 'overlay', 'proc', 'procfs', 'pstore', 'rpc_pipefs', 'securityfs', 'selinuxfs', 'sysfs', 'tracefs',
  'ramfs', 'squashfs', 'iso9660', 'udf', 'erofs', 'cramfs', 'nullfs',
] as const;

/** 6 h by default: long enough that a nightly rotation does not read as a trend, short enough to follow a new one. */
export const DEFAULT_TREND_WINDOW_SECONDS = 6 * 3600;
/** Below this much history a fitted rate is noise: no forecast. */
export const MIN_TREND_SECONDS = 15 * 60;
/** The spans a trend is labelled with, longest first, when an instance is younger than the window. */
const SPAN_PROBES = [4 * 3600, 2 * 3600, 3600, 30 * 60, MIN_TREND_SECONDS];

const FS_SELECTOR = `{fstype!~"${PSEUDO_FSTYPES.join('|')}"}`;

/** A PromQL string literal of `s` (double-quoted, Go escapes). */
export function promString(s: string): string {
  return JSON.stringify(s);
}

/** `s` matched literally inside a PromQL (RE2) regex. */
export function regexQuote(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function promDuration(seconds: number): string {
  return `${Math.max(1, Math.round(seconds))}s`;
}

export interface FleetQueries {
  size: string;
  avail: string;
  readonly: string;
  /** Bytes per second the available space changes by, fitted over the window (negative while filling). */
  availDeriv: string;
  /** The jobs that export node_filesystem_*: `up` is read for those only (a blackbox probe is no node). */
  nodeJobs: string;
}

export function filesystemQueries(windowSeconds = DEFAULT_TREND_WINDOW_SECONDS): FleetQueries {
  return {
    size: `node_filesystem_size_bytes${FS_SELECTOR}`,
    avail: `node_filesystem_avail_bytes${FS_SELECTOR}`,
    readonly: `node_filesystem_readonly${FS_SELECTOR}`,
    availDeriv: `deriv(node_filesystem_avail_bytes${FS_SELECTOR}[${promDuration(windowSeconds)}])`,
    nodeJobs: 'count by (job) (node_filesystem_size_bytes)',
  };
}

export interface UpQueries {
  /** Instances with a sample in the lookback (5 min by default): up == 1 or 0. */
  up: string;
  /** Every instance seen in the window, with its labels: the ones missing from `up` are stale. */
  seen: string;
  /**
   * How long each instance has been seen, as the longest probe it was present at (value: seconds), so a
   * young instance's trend says it covers less than the window. Instant lookups at a few offsets cost far
   * less than a first-seen subquery over 10,000 series (measured: under 1 s against 3 to 12 s).
   */
  seenSpan: string;
}

export function upQueries(jobs: readonly string[], windowSeconds = DEFAULT_TREND_WINDOW_SECONDS): UpQueries | null {
  if (jobs.length === 0) return null;
  const sel = `up{job=~${promString(jobs.map(regexQuote).join('|'))}}`;
  // Present a quarter hour after the window's start counts as the whole window (a scrape may be late).
  const probes: Array<[span: number, offset: number]> = [[windowSeconds, Math.max(MIN_TREND_SECONDS, windowSeconds - MIN_TREND_SECONDS)]];
  for (const p of SPAN_PROBES) if (p < windowSeconds) probes.push([p, p]);
  // `or` keeps the first (longest) span an instance matches: later operands only add instances not yet in.
  const seenSpan = probes.map(([span, offset]) => `${span} * group by (job, instance) (${sel} offset ${promDuration(offset)})`).join(' or ');
  return { up: sel, seen: `last_over_time(${sel}[${promDuration(windowSeconds)}])`, seenSpan };
}
