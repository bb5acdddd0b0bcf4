// Message templates: the variable parts of a log line (numbers, hex, UUIDs, IPs, paths, quoted values)
// replaced by placeholders, so a runaway source shows up as one template with a huge count.

/** Lines longer than this are templated on their first part only: bounded work per line. */
export const MAX_TEMPLATE_INPUT = 2_000;
const MAX_EXAMPLE = 500;

// One pass, first alternative wins. Order matters: a UUID or timestamp must not be eaten by the number rule,
// and an error code ("os error 24", "errno=28") is a category, not a value, so it is kept as written.
const TOKEN = new RegExp(
  [
    /(?<keep>\b(?:os error|errno|error code|exit (?:status|code)|code)[ =:]\d+\b)/.source,
    /(?<quoted>"(?:[^"\\\n]|\\.){0,400}"|(?<!\w)'(?:[^'\\\n]|\\.){0,400}'(?!\w))/.source,
    /(?<uuid>\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)/.source,
    /(?<ts>\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)/.source,
    /(?<ip>\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b|\b(?:[0-9a-fA-F]{1,4}:){4,7}[0-9a-fA-F]{1,4}\b)/.source,
    /(?<path>(?<![\w.])\/[^\s"'`,;()[\]{}<>]+)/.source,
    /(?<hex>\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b)/.source,
    /(?<num>(?<![A-Za-z_])[-+]?\d+(?:\.\d+)?)/.source,
  ].join('|'),
  'g',
);

/** The template of one line: variable parts replaced by `<num>`, `<hex>`, `<uuid>`, `<ip>`, `<path>`, `<ts>`, `"<str>"`. */
export function templateOf(line: string): string {
  const input = line.length > MAX_TEMPLATE_INPUT ? line.slice(0, MAX_TEMPLATE_INPUT) : line;
  return input.replace(TOKEN, (match, ...args) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    if (groups.keep !== undefined) return match;
    if (groups.quoted !== undefined) return match[0] === '"' ? '"<str>"' : "'<str>'";
    if (groups.uuid !== undefined) return '<uuid>';
    if (groups.ts !== undefined) return '<ts>';
    if (groups.ip !== undefined) return '<ip>';
    if (groups.path !== undefined) return '<path>';
    if (groups.hex !== undefined) return '<hex>';
    return '<num>';
  });
}

export interface TemplateCount {
  template: string;
  count: number;
  /** Of the lines this counter saw. */
  share: number;
  /** One line it came from (the first seen), cut to 500 characters. */
  example: string;
}

export interface TemplateSummary {
  top: TemplateCount[];
  /** Lines counted. */
  lines: number;
  distinct: number;
  /** Lines whose template was new after the cap on distinct templates was reached: counted, not kept. */
  uncountedLines: number;
}

/**
 * Counts templates with a cap on how many distinct ones are kept (policy when full: a new template's lines
 * are counted in `uncountedLines`, known templates keep counting). Memory is bounded by the cap.
 */
export class TemplateCounter {
  private readonly counts = new Map<string, { count: number; example: string }>();
  private lines = 0;
  private uncounted = 0;

  constructor(private readonly maxDistinct = 2_000) {}

  add(line: string): string {
    this.lines++;
    const t = templateOf(line);
    const seen = this.counts.get(t);
    if (seen) seen.count++;
    else if (this.counts.size < this.maxDistinct) this.counts.set(t, { count: 1, example: line.length > MAX_EXAMPLE ? line.slice(0, MAX_EXAMPLE) : line });
    else this.uncounted++;
    return t;
  }

  summary(topK = 10): TemplateSummary {
    const all = [...this.counts.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    return {
      top: all.slice(0, topK).map(([template, v]) => ({ template, count: v.count, share: this.lines ? v.count / this.lines : 0, example: v.example })),
      lines: this.lines,
      distinct: this.counts.size,
      uncountedLines: this.uncounted,
    };
  }
}
