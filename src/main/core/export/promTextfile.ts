// Spoolscope's own figures in Prometheus' text exposition format, for node_exporter's textfile collector
// (`spoolscope export --textfile DIR`). Pure: the figures in, the file's text out.
// Every series is labelled by a root or a mount, never by a file, and a root's sources are cut to a few
// short names, so a node's series count stays bounded however many files or writers its roots hold.

/** Roots exported; further roots are left out (counted in spoolscope_export_roots_left_out). */
export const MAX_ROOTS = 64;
/** Mounts with held bytes exported, most held first; the rest are left out. */
export const MAX_MOUNTS = 64;
/** Sources per root's newest partition, highest baseline ratio first. */
export const MAX_SOURCES_PER_ROOT = 10;
/** A source name longer than this (in code points) is cut and ends in "…". */
export const MAX_SOURCE_NAME_CHARS = 120;

export interface RootFigures {
  /** The root's absolute path, as configured. */
  root: string;
  /** Allocated bytes under the root. */
  bytes: number;
  /** Partitions recognised under the root. */
  partitions: number;
  /** Seconds since the newest write into the oldest partition; null without partitions. */
  oldestPartitionAgeSeconds: number | null;
  /** The newest partition's sources and their ratio to its baseline; null when sources were not analysed. */
  sources: { name: string; baselineRatio: number | null }[] | null;
}

export interface ExportFigures {
  roots: RootFigures[];
  /** Disk held by deleted-but-open files, per mount; null when the held scan failed. */
  held: { mountpoint: string; bytes: number }[] | null;
  /** Whether some figure is missing or incomplete (the command exits 3). */
  partial: boolean;
}

/** Lone UTF-16 surrogates (from undecodable bytes) become U+FFFD, so the file is valid UTF-8. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A label value as the exposition format wants it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return wellFormed(value).replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** A source name cut to MAX_SOURCE_NAME_CHARS code points (never splitting a surrogate pair). */
export function boundedSourceName(name: string): string {
  const chars = Array.from(wellFormed(name));
  return chars.length <= MAX_SOURCE_NAME_CHARS ? chars.join('') : chars.slice(0, MAX_SOURCE_NAME_CHARS - 1).join('') + '…';
}

/** A sample value; JavaScript's number text (1.5, 2e-7) is one Go's ParseFloat reads. */
function sampleValue(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a finite sample value: ${v}`);
  return String(v);
}

function labels(pairs: [string, string][]): string {
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

interface Family {
  name: string;
  help: string;
  samples: { labels: [string, string][]; value: number }[];
}

/**
 * The sources of one root kept for export: those with a baseline ratio, highest first (ties by name), at
 * most MAX_SOURCES_PER_ROOT, names cut; a name cut to the same text as one already kept is left out, since
 * two series with one label set would make node_exporter reject the whole file.
 */
export function exportedSources(sources: { name: string; baselineRatio: number | null }[]): { name: string; baselineRatio: number }[] {
  const rated = sources.filter((s): s is { name: string; baselineRatio: number } => s.baselineRatio !== null && Number.isFinite(s.baselineRatio));
  rated.sort((a, b) => b.baselineRatio - a.baselineRatio || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: { name: string; baselineRatio: number }[] = [];
  const seen = new Set<string>();
  for (const s of rated) {
    if (out.length >= MAX_SOURCES_PER_ROOT) break;
    const name = boundedSourceName(s.name);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, baselineRatio: s.baselineRatio });
  }
  return out;
}

/** The whole textfile: HELP and TYPE before each family's samples, one family after another, ending in a newline. */
export function formatTextfile(figures: ExportFigures): string {
  // A root listed twice, or two paths escaping alike, would repeat a label set: the first one stands.
  const roots: RootFigures[] = [];
  const rootSeen = new Set<string>();
  for (const r of figures.roots) {
    const key = escapeLabelValue(r.root);
    if (rootSeen.has(key)) continue;
    rootSeen.add(key);
    roots.push(r);
  }
  const kept = roots.slice(0, MAX_ROOTS);
  const rootLabel = (r: RootFigures): [string, string] => ['root', r.root];
  const families: Family[] = [
    {
      name: 'spoolscope_root_bytes',
      help: 'Allocated bytes under a Spoolscope root, from a fresh scan.',
      samples: kept.map((r) => ({ labels: [rootLabel(r)], value: r.bytes })),
    },
    {
      name: 'spoolscope_root_partitions',
      help: 'Partitions (days, segments, rotated files, SQLite log files) recognised under a root.',
      samples: kept.map((r) => ({ labels: [rootLabel(r)], value: r.partitions })),
    },
    {
      name: 'spoolscope_root_oldest_partition_age_seconds',
      help: 'Seconds since the newest write into the oldest partition of a root (the one a reap takes first).',
      samples: kept.filter((r) => r.oldestPartitionAgeSeconds !== null).map((r) => ({ labels: [rootLabel(r)], value: r.oldestPartitionAgeSeconds! })),
    },
  ];
  if (figures.held !== null) {
    const mounts = [...new Map(figures.held.map((h) => [escapeLabelValue(h.mountpoint), h])).values()];
    mounts.sort((a, b) => b.bytes - a.bytes || (a.mountpoint < b.mountpoint ? -1 : a.mountpoint > b.mountpoint ? 1 : 0));
    families.push({
      name: 'spoolscope_held_bytes',
      help: 'Disk bytes held by deleted files that processes still keep open, per mounted filesystem.',
      samples: mounts.slice(0, MAX_MOUNTS).map((h) => ({ labels: [['mountpoint', h.mountpoint]], value: h.bytes })),
    });
  }
  families.push({
    name: 'spoolscope_top_source_baseline_ratio',
    help: "A source's bytes per second in a root's newest partition over its median day before (the top sources by ratio).",
    samples: kept.flatMap((r) => exportedSources(r.sources ?? []).map((s) => ({ labels: [rootLabel(r), ['source', s.name]] as [string, string][], value: s.baselineRatio }))),
  });
  families.push(
    {
      name: 'spoolscope_export_roots_left_out',
      help: `Roots not exported because more than ${MAX_ROOTS} were configured.`,
      samples: [{ labels: [], value: roots.length - kept.length }],
    },
    {
      name: 'spoolscope_export_partial',
      help: '1 when some figure of this export is missing or incomplete (a root unreadable, a scan cut short, held files or sources not read).',
      samples: [{ labels: [], value: figures.partial ? 1 : 0 }],
    },
  );
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} gauge`);
    for (const s of f.samples) lines.push(`${f.name}${s.labels.length > 0 ? labels(s.labels) : ''} ${sampleValue(s.value)}`);
  }
  return lines.join('\n') + '\n';
}
