// `spoolscope sources PARTITION_OR_ROOT [--node N] [--json] [--table T --source-column C ...] [--time-zone Z]`:
// who wrote a partition's bytes, at what rate against its baseline, and the repeating messages. A finished
// day is named by its date; only the open day's figures run until now.
// Exit 0 complete, 3 partial (a bound cut the sampling short, or attribution fell back).
import { resolve } from 'node:path';
import { call, CliError, parseCliArgs, printable, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';
import { backendOptionsFor, namesRemoteNode, NODE_FLAG_OPTIONS, resolveNode } from '../nodeFlags';
import type { SourcesReport } from '../../../shared/sourceModels';
import { dayText, formatLineCount } from '../../../shared/sourcesText';

export const SOURCES_USAGE = `  spoolscope sources PARTITION_OR_ROOT [--json] [node flags] [--time-zone ZONE]
                    [--table T --source-column C [--time-column C] [--message-column C]]
                                  who writes a partition (a root: its newest day): bytes, lines/s and
                                  ratio to the previous 7 days per source, top message templates; days
                                  are in the node's time zone (or ZONE: Europe/Berlin, +02:00)`;

const ratio = (r: number | null, fresh: boolean) => (r === null ? (fresh ? 'new' : '-') : `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}x`);

export async function sourcesCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      ...NODE_FLAG_OPTIONS,
      table: { type: 'string' },
      'source-column': { type: 'string' },
      'time-column': { type: 'string' },
      'message-column': { type: 'string' },
      'time-zone': { type: 'string' },
    },
    allowPositionals: true,
  }, `\nusage:\n${SOURCES_USAGE}`);
  const [target] = parsed.positionals;
  if (!target) throw new CliError(`sources needs a PARTITION_OR_ROOT path\nusage:\n${SOURCES_USAGE}`);
  const v = parsed.values;
  if ((v.table || v['time-column'] || v['message-column']) && !v['source-column']) {
    throw new CliError('an override needs --source-column (the column that names the source)');
  }
  const override = v['source-column'] ? { table: v.table, source: v['source-column'], time: v['time-column'], message: v['message-column'] } : undefined;
  const remote = namesRemoteNode(v);
  // A remote path is taken as written (it must be absolute); a local one relative to the working directory.
  if (remote && !target.startsWith('/')) throw new CliError(`on a remote node the path must be absolute, got ${JSON.stringify(target)}`);
  const path = remote ? target : resolve(target);
  const timeZone = v['time-zone'];
  const r = await withBackend(async (b) => call(b, 'sources.analyze', { node: await resolveNode(b, v), path, override, timeZone }), backendOptionsFor(v));
  if (v.json) await writeAll(JSON.stringify(toJson(r)) + '\n');
  else await writeAll(toText(r));
  return r.partial ? 3 : 0;
}

/** The report with each source's headline figures first (name, bytes, lines, linesPerSecond, baselineRatio, templates). */
function toJson(r: SourcesReport) {
  return { ...r, sources: r.sources.map(({ name, bytes, lines, linesPerSecond, baselineRatio, templates, ...rest }) => ({ name, bytes, lines, linesPerSecond, baselineRatio, templates, ...rest })) };
}

function toText(r: SourcesReport): string {
  const lines = [
    `${printable(r.partition)}: ${formatBytes(r.partitionBytes)}${r.partitionBaselineRatio !== null ? `, ${ratio(r.partitionBaselineRatio, false)} its baseline (median of ${r.baselinePartitions.length} earlier)` : ''}; attributed by ${r.attribution}${r.sqlite ? ` (${r.sqlite.table}.${r.sqlite.source}${r.sqlite.sourceIndex ? `, each source through index ${r.sqlite.sourceIndex}` : ''})` : ''}${r.partial ? ' (PARTIAL)' : ''}`,
  ];
  // Only the day not over yet is "now"; a finished one is its date.
  if (r.day) lines.push(`day: ${dayText(r.day, r.timeZone)}${r.day.open ? ': open, rates run until now' : ': finished'}`);
  lines.push('');
  const live = r.day === null || r.day.open;
  if (r.sources.length > 0) {
    lines.push(
      table(
        ['SOURCE', 'BYTES', 'SHARE', 'LINES', 'LINES/S', 'VS BASELINE', ...(live ? ['NOW'] : []), 'SINCE'],
        r.sources.slice(0, 20).map((s) => [
          printable(s.name),
          formatBytes(s.bytes),
          `${(s.share * 100).toFixed(1)}%`,
          s.notSampledReason !== null && s.lines === 0 ? '-' : formatLineCount(s.lines, s.linesEstimated),
          s.linesPerSecond.toFixed(s.linesPerSecond >= 10 ? 0 : 2),
          ratio(s.baselineRatio, s.newSource),
          ...(live ? [s.nowBytesPerSecond !== null ? `${formatBytes(s.nowBytesPerSecond)}/s` : '-'] : []),
          s.spikeStartedAt !== null ? `${s.spikeStartAtOrBefore ? '<= ' : ''}${new Date(s.spikeStartedAt).toISOString().slice(0, 16).replace('T', ' ')}Z` : '-',
        ]),
        new Set(live ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5]),
      ),
      '',
    );
    for (const s of r.sources.slice(0, 3)) {
      if (s.templates.length === 0) continue;
      lines.push(`${printable(s.name)}: top messages of ${s.sampledLines} sampled lines`);
      for (const t of s.templates.slice(0, 5)) lines.push(`  ${(t.share * 100).toFixed(1).padStart(5)}%  ${printable(t.template).slice(0, 160)}`);
    }
    const unsampled = r.sources.filter((s) => s.notSampledReason !== null);
    if (unsampled.length > 0) lines.push(`not sampled: ${unsampled.slice(0, 10).map((s) => `${printable(s.name)} (${s.notSampledReason})`).join(', ')}${unsampled.length > 10 ? `, and ${unsampled.length - 10} more` : ''}`);
  } else {
    lines.push('(no sources found)');
  }
  for (const w of r.writers.slice(0, 10)) lines.push(`writer: pid ${w.pid} ${printable(w.comm)} -> ${printable(w.path)}`);
  for (const m of r.messages) lines.push(`note: ${printable(m)}`);
  return lines.join('\n') + '\n';
}
