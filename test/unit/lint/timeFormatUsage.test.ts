// One time format in the window (issue 16): "09:36 PM" and "21:36" both showed, from the browser's locale
// formatting beside hand-made 24-hour strings. Only src/renderer/src/timeFormat.ts may format a time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = join(import.meta.dirname, '../../../src/renderer');
const FORMATTER = 'src/timeFormat.ts';

/** Ways a time of day gets formatted outside the formatter: locale formatting, 12-hour clocks, ISO slicing. */
const FORBIDDEN: { name: string; re: RegExp }[] = [
  { name: 'toLocaleTimeString', re: /\.toLocaleTimeString\s*\(/ },
  { name: 'toLocaleDateString', re: /\.toLocaleDateString\s*\(/ },
  // A Date's toLocaleString (a number's, with a locale, formats counts and is fine).
  { name: 'Date toLocaleString', re: /(new Date\([^)]*\)|Date\b[^;\n]*)\.toLocaleString\s*\(\s*\)/ },
  { name: 'Intl.DateTimeFormat', re: /Intl\.DateTimeFormat/ },
  { name: 'toLocaleString with time options', re: /toLocaleString\([^)]*\b(hour|minute|timeStyle|dateStyle)\b/ },
  { name: 'hour12', re: /\bhour12\b|hourCycle\s*:\s*['"]h1[12]['"]/ },
  { name: 'AM/PM text', re: /['"`][^'"`\n]*\b(AM|PM)\b[^'"`\n]*['"`]/ },
  { name: 'ISO time slicing', re: /toISOString\(\)\s*\.(slice|substring|replace)/ },
  { name: 'getHours', re: /\.getHours\s*\(/ },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function offenders(files: { path: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    if (f.path === FORMATTER) continue;
    f.text.split('\n').forEach((line, i) => {
      for (const rule of FORBIDDEN) if (rule.re.test(line)) found.push(`${f.path}:${i + 1}: ${rule.name}: ${line.trim()}`);
    });
  }
  return found;
}

describe('time formatting in the renderer', () => {
  it('happens only in timeFormat.ts', () => {
    const files = sources(RENDERER).map((path) => ({ path: relative(RENDERER, path), text: readFileSync(path, 'utf8') }));
    expect(files.some((f) => f.path === FORMATTER)).toBe(true);
    expect(offenders(files)).toEqual([]);
  });

  it('catches each way a time was formatted before', () => {
    const bad = [
      "new Date(a.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })",
      'new Date(row.lastRefreshAt).toLocaleString()',
      "new Date(a.at).toISOString().replace('T', ' ').slice(0, 19)",
      "const s = `${h % 12} PM`;",
      'd.getHours()',
      "when.toLocaleString('en-US', { hour: 'numeric', minute: '2-digit' })",
    ];
    expect(offenders(bad.map((text, i) => ({ path: `x${i}.tsx`, text })))).toHaveLength(bad.length);
    // Counts with a locale are not times.
    expect(offenders([{ path: 'y.tsx', text: "fs.inodesTotal.toLocaleString('en-US')" }])).toEqual([]);
  });
});
