import { describe, expect, it } from 'vitest';
import {
  MAX_MOUNTS,
  MAX_ROOTS,
  MAX_SOURCE_NAME_CHARS,
  MAX_SOURCES_PER_ROOT,
  boundedSourceName,
  escapeLabelValue,
  formatTextfile,
  wellFormed,
  type ExportFigures,
  type RootFigures,
} from '../../../src/main/core/export/promTextfile';

const root = (path: string, over: Partial<RootFigures> = {}): RootFigures => ({ root: path, bytes: 1000, partitions: 3, oldestPartitionAgeSeconds: 86_400, sources: null, ...over });
const figures = (over: Partial<ExportFigures> = {}): ExportFigures => ({ roots: [root('/var/log')], held: [], partial: false, ...over });

/**
 * A reader of the exposition format as Prometheus' own parser reads a sample line: metric name, label pairs
 * whose values are unescaped (\\, \", \n), then the value. Throws on anything else, so a badly escaped label
 * fails the test instead of parsing by luck.
 */
function parseSamples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
    if (!m) throw new Error(`bad line ${JSON.stringify(line)}`);
    let i = m[1].length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const k = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
        if (!k) throw new Error(`bad label at ${i} in ${JSON.stringify(line)}`);
        i += k[0].length;
        let v = '';
        for (;;) {
          const c = line[i++];
          if (c === undefined) throw new Error(`unterminated label value in ${JSON.stringify(line)}`);
          if (c === '"') break;
          if (c === '\\') {
            const e = line[i++];
            if (e === '\\') v += '\\';
            else if (e === '"') v += '"';
            else if (e === 'n') v += '\n';
            else throw new Error(`bad escape \\${e} in ${JSON.stringify(line)}`);
          } else v += c;
        }
        labels[k[1]] = v;
        if (line[i] === ',') i++;
        else if (line[i] !== '}') throw new Error(`bad label separator in ${JSON.stringify(line)}`);
      }
      i++;
    }
    if (line[i] !== ' ') throw new Error(`no value in ${JSON.stringify(line)}`);
    const value = Number(line.slice(i + 1));
    if (Number.isNaN(value)) throw new Error(`bad value in ${JSON.stringify(line)}`);
    out.push({ name: m[1], labels, value });
  }
  return out;
}

describe('label values escaped per the exposition format', () => {
  it('escapes backslash, double quote and line feed, and nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue("tab\there, $(rm -rf /) and 'single'")).toBe("tab\there, $(rm -rf /) and 'single'");
  });

  it('makes text holding undecodable bytes valid UTF-8 (lone surrogates become U+FFFD)', () => {
    expect(wellFormed('a\uD800b')).toBe('a\uFFFDb');
    expect(wellFormed('\uDC00')).toBe('\uFFFD');
    expect(wellFormed('ok \u{1F600}')).toBe('ok \u{1F600}');
    const text = formatTextfile(figures({ roots: [root('/logs/\uD83Dbroken')] }));
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'utf8'))).toContain('/logs/\uFFFDbroken');
  });

  it('reads hostile root names back exactly as given', () => {
    const hostile = ['/logs/with "quotes"', '/logs/new\nline', '/logs/back\\slash\\', '/logs/-rf $(id) `id`', '/logs/} fake_metric{x="1"} 9'];
    const text = formatTextfile(figures({ roots: hostile.map((h) => root(h)) }));
    const bytes = parseSamples(text).filter((s) => s.name === 'spoolscope_root_bytes');
    expect(bytes.map((s) => s.labels.root)).toEqual(hostile);
    // One line per sample: the newline in a name never starts a line of its own.
    expect(text.split('\n').filter((l) => l.startsWith('fake_metric'))).toEqual([]);
  });
});

describe('the textfile', () => {
  it('has HELP and TYPE before each family and the figures as given', () => {
    const text = formatTextfile(
      figures({
        roots: [root('/var/log/app', { bytes: 5_242_880, partitions: 7, oldestPartitionAgeSeconds: 604_800, sources: [{ name: 'api', baselineRatio: 4.5 }] })],
        held: [{ mountpoint: '/', bytes: 1_048_576 }],
      }),
    );
    for (const name of ['spoolscope_root_bytes', 'spoolscope_root_partitions', 'spoolscope_root_oldest_partition_age_seconds', 'spoolscope_held_bytes', 'spoolscope_top_source_baseline_ratio', 'spoolscope_export_partial']) {
      const help = text.indexOf(`# HELP ${name} `);
      const type = text.indexOf(`# TYPE ${name} gauge\n`);
      const sample = text.indexOf(`\n${name}`, type);
      expect(help).toBeGreaterThanOrEqual(0);
      expect(type).toBeGreaterThan(help);
      expect(sample).toBeGreaterThan(type);
    }
    expect(parseSamples(text)).toEqual([
      { name: 'spoolscope_root_bytes', labels: { root: '/var/log/app' }, value: 5_242_880 },
      { name: 'spoolscope_root_partitions', labels: { root: '/var/log/app' }, value: 7 },
      { name: 'spoolscope_root_oldest_partition_age_seconds', labels: { root: '/var/log/app' }, value: 604_800 },
      { name: 'spoolscope_held_bytes', labels: { mountpoint: '/' }, value: 1_048_576 },
      { name: 'spoolscope_top_source_baseline_ratio', labels: { root: '/var/log/app', source: 'api' }, value: 4.5 },
      { name: 'spoolscope_export_roots_left_out', labels: {}, value: 0 },
      { name: 'spoolscope_export_partial', labels: {}, value: 0 },
    ]);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves out the age of a root without partitions, held bytes it could not read, and says it is partial', () => {
    const text = formatTextfile(figures({ roots: [root('/empty', { partitions: 0, oldestPartitionAgeSeconds: null })], held: null, partial: true }));
    const names = parseSamples(text).map((s) => s.name);
    expect(names).not.toContain('spoolscope_root_oldest_partition_age_seconds');
    expect(names).not.toContain('spoolscope_held_bytes');
    expect(parseSamples(text).find((s) => s.name === 'spoolscope_export_partial')?.value).toBe(1);
  });

  it('writes one series per root even when a root is listed twice', () => {
    const samples = parseSamples(formatTextfile(figures({ roots: [root('/a', { bytes: 1 }), root('/a', { bytes: 2 })] })));
    expect(samples.filter((s) => s.name === 'spoolscope_root_bytes')).toEqual([{ name: 'spoolscope_root_bytes', labels: { root: '/a' }, value: 1 }]);
  });
});

describe('labels are bounded', () => {
  it(`keeps at most ${MAX_SOURCES_PER_ROOT} sources per root, highest ratio first, and none without a baseline`, () => {
    const sources = Array.from({ length: 50 }, (_, i) => ({ name: `src${i}`, baselineRatio: i % 5 === 0 ? null : i / 10 }));
    const kept = parseSamples(formatTextfile(figures({ roots: [root('/r', { sources })] }))).filter((s) => s.name === 'spoolscope_top_source_baseline_ratio');
    expect(kept).toHaveLength(MAX_SOURCES_PER_ROOT);
    expect(kept.map((s) => s.labels.source)).toEqual(['src49', 'src48', 'src47', 'src46', 'src44', 'src43', 'src42', 'src41', 'src39', 'src38']);
  });

  it(`cuts a source name to ${MAX_SOURCE_NAME_CHARS} characters, keeps pairs whole, and drops a cut name that repeats another`, () => {
    expect(Array.from(boundedSourceName('x'.repeat(5000)))).toHaveLength(MAX_SOURCE_NAME_CHARS);
    expect(boundedSourceName('x'.repeat(5000)).endsWith('…')).toBe(true);
    const emoji = boundedSourceName('\u{1F600}'.repeat(500));
    expect(wellFormed(emoji)).toBe(emoji);
    const long = 'y'.repeat(300);
    const kept = parseSamples(formatTextfile(figures({ roots: [root('/r', { sources: [{ name: `${long}a`, baselineRatio: 3 }, { name: `${long}b`, baselineRatio: 2 }] })] }))).filter(
      (s) => s.name === 'spoolscope_top_source_baseline_ratio',
    );
    expect(kept).toHaveLength(1);
    expect(kept[0].value).toBe(3);
  });

  it(`exports at most ${MAX_ROOTS} roots and ${MAX_MOUNTS} mounts, and counts the roots left out`, () => {
    const roots = Array.from({ length: MAX_ROOTS + 6 }, (_, i) => root(`/r${i}`));
    const held = Array.from({ length: MAX_MOUNTS + 9 }, (_, i) => ({ mountpoint: `/m${i}`, bytes: i }));
    const samples = parseSamples(formatTextfile(figures({ roots, held })));
    expect(samples.filter((s) => s.name === 'spoolscope_root_bytes')).toHaveLength(MAX_ROOTS);
    const mounts = samples.filter((s) => s.name === 'spoolscope_held_bytes');
    expect(mounts).toHaveLength(MAX_MOUNTS);
    expect(mounts[0]).toEqual({ name: 'spoolscope_held_bytes', labels: { mountpoint: `/m${MAX_MOUNTS + 8}` }, value: MAX_MOUNTS + 8 });
    expect(samples.find((s) => s.name === 'spoolscope_export_roots_left_out')?.value).toBe(6);
  });
});
