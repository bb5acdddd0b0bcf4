// logrotate's configuration as logrotate reads it: /etc/logrotate.conf, the files it includes (a directory's
// files in name order, taboo extensions skipped), global directives applying to the stanzas after them, and
// for a file the first stanza whose pattern matches it (logrotate refuses a later duplicate). Scripts
// (postrotate ... endscript) are skipped. Patterns are globs: * and ? never match a slash.

export type Frequency = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

export interface RotateOptions {
  frequency: Frequency | null;
  rotate: number | null;
  /** size N: rotate only when larger (time ignored); maxsize: also before the time; minsize: only when larger. */
  size: string | null;
  maxsize: string | null;
  minsize: string | null;
  copytruncate: boolean;
  compress: boolean;
  delaycompress: boolean;
  dateext: boolean;
  olddir: string | null;
}

export interface LogrotateStanza {
  /** The configuration file it is written in. */
  file: string;
  /** 1-based line of its first pattern. */
  line: number;
  patterns: string[];
  options: RotateOptions;
}

export interface ConfigFile {
  path: string;
  text: string;
}

const TABOO = /(\.dpkg-old|\.dpkg-dist|\.dpkg-new|\.dpkg-bak|\.dpkg-del|\.dpkg-tmp|\.ucf-old|\.ucf-dist|\.ucf-new|\.rpmsave|\.rpmorig|\.rpmnew|\.swp|\.cfsaved|\.disabled|\.bak|,v|~)$/;
const SCRIPT_START = /^(postrotate|prerotate|firstaction|lastaction|preremove)$/;

function defaults(): RotateOptions {
  return { frequency: null, rotate: null, size: null, maxsize: null, minsize: null, copytruncate: false, compress: false, delaycompress: false, dateext: false, olddir: null };
}

/** Words of a line, "quoted" or 'quoted' ones kept whole; a # outside quotes starts a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      out.push(line.slice(i + 1, end === -1 ? undefined : end));
      i = end === -1 ? line.length : end + 1;
      continue;
    }
    if (c === '{' || c === '}') {
      out.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < line.length && !' \t{}'.includes(line[j])) j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

function apply(opts: RotateOptions, w: readonly string[]): void {
  const [d, arg] = w;
  switch (d) {
    case 'hourly':
    case 'daily':
    case 'weekly':
    case 'monthly':
    case 'yearly':
      opts.frequency = d;
      // "size" and a time interval exclude each other: the last given wins.
      opts.size = null;
      break;
    case 'rotate':
      opts.rotate = arg !== undefined && /^-?\d+$/.test(arg) ? Number(arg) : opts.rotate;
      break;
    case 'size':
      opts.size = arg ?? null;
      opts.frequency = null;
      break;
    case 'maxsize':
      opts.maxsize = arg ?? null;
      break;
    case 'minsize':
      opts.minsize = arg ?? null;
      break;
    case 'copytruncate':
    case 'compress':
    case 'delaycompress':
    case 'dateext':
      opts[d] = true;
      break;
    case 'nocopytruncate':
      opts.copytruncate = false;
      break;
    case 'nocompress':
      opts.compress = false;
      break;
    case 'nodelaycompress':
      opts.delaycompress = false;
      break;
    case 'nodateext':
      opts.dateext = false;
      break;
    case 'olddir':
      opts.olddir = arg ?? null;
      break;
    case 'noolddir':
      opts.olddir = null;
      break;
  }
}

/**
 * The stanzas of the main file and what it includes. `includes` are the other files read on the node: an
 * include of a directory takes its files in name order.
 */
export function parseLogrotate(main: ConfigFile, includes: readonly ConfigFile[]): LogrotateStanza[] {
  const stanzas: LogrotateStanza[] = [];
  const globals = defaults();
  const seen = new Set<string>();
  const read = (file: ConfigFile, depth: number) => {
    if (seen.has(file.path) || depth > 4) return;
    seen.add(file.path);
    let pending: { patterns: string[]; line: number } | null = null;
    let open: LogrotateStanza | null = null;
    let inScript = false;
    const lines = file.text.split('\n');
    for (let n = 0; n < lines.length; n++) {
      const trimmed = lines[n].trim();
      if (inScript) {
        if (/^endscript\b/.test(trimmed)) inScript = false;
        continue;
      }
      for (const w of splitAtBraces(words(lines[n]))) {
        if (w.length === 0) continue;
        if (w[0] === '{') {
          if (pending) {
            open = { file: file.path, line: pending.line, patterns: pending.patterns, options: { ...globals } };
            pending = null;
          }
          continue;
        }
        if (w[0] === '}') {
          if (open) stanzas.push(open);
          open = null;
          continue;
        }
        if (SCRIPT_START.test(w[0])) {
          inScript = true;
          break;
        }
        if (open) {
          apply(open.options, w);
          continue;
        }
        if (w[0].startsWith('/') || w[0].startsWith('~')) {
          pending ??= { patterns: [], line: n + 1 };
          pending.patterns.push(...w);
          continue;
        }
        if (w[0] === 'include' && w[1]) {
          const target = w[1].replace(/\/+$/, '');
          const inDir = includes.filter((f) => f.path.slice(0, f.path.lastIndexOf('/')) === target && !TABOO.test(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
          const exact = includes.find((f) => f.path === target);
          for (const f of exact ? [exact] : inDir) read(f, depth + 1);
          continue;
        }
        apply(globals, w);
      }
    }
  };
  read(main, 0);
  return stanzas;
}

/** One directive per line, except that braces end or start a stanza wherever they stand. */
function splitAtBraces(ws: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const w of ws) {
    if (w === '{' || w === '}') {
      out.push([w], []);
    } else out[out.length - 1].push(w);
  }
  return out;
}

/** A glob of logrotate's (glob(3): * and ? never match /) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** The stanza logrotate applies to a file: the first whose pattern matches it. */
export function coveringStanza(stanzas: readonly LogrotateStanza[], path: string): { stanza: LogrotateStanza; pattern: string } | null {
  for (const stanza of stanzas) {
    for (const pattern of stanza.patterns) if (globToRegExp(pattern).test(path)) return { stanza, pattern };
  }
  return null;
}

/** "100M", "1G", "500k", "2048" as bytes; null when unreadable. */
export function sizeBytes(text: string | null): number | null {
  if (text === null) return null;
  const m = /^(\d+)([kKmMgG]?)$/.exec(text.trim());
  if (!m) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

/**
 * `"path" 2026-5-1-6:25:1` lines of logrotate's state file: the last rotation of each file, as epoch seconds.
 * logrotate writes the node's local time: `utcOffsetSeconds` (east of UTC) takes it back to UTC.
 */
export function parseLogrotateStatus(text: string, utcOffsetSeconds = 0): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^"(.*)" (\d{4})-(\d{1,2})-(\d{1,2})(?:-(\d{1,2}):(\d{1,2}):(\d{1,2}))?$/s.exec(line);
    if (!m) continue;
    const [, path, y, mo, d, h = '0', mi = '0', s = '0'] = m;
    out.set(path, Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000 - utcOffsetSeconds);
  }
  return out;
}

export function scheduleText(o: RotateOptions): string {
  const parts = [o.size !== null ? `size ${o.size}` : (o.frequency ?? 'weekly (default)')];
  if (o.maxsize !== null) parts.push(`maxsize ${o.maxsize}`);
  if (o.minsize !== null) parts.push(`minsize ${o.minsize}`);
  if (o.rotate !== null) parts.push(`rotate ${o.rotate}`);
  parts.push(o.copytruncate ? 'copytruncate' : 'create');
  if (o.compress) parts.push(o.delaycompress ? 'compress, delaycompress' : 'compress');
  return parts.join(', ');
}
