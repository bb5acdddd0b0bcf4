// The fields of a probe's NUL-terminated records: tab-separated numbers before a trailing path that may hold
// tabs itself. Strict on purpose: a field that is not all digits is NaN, so a record a node garbled is
// counted as malformed by its parser instead of read as a number it never said.

/** A field of decimal digits as a number; NaN for anything else (empty, signs, spaces, missing). */
export function digitsField(s: string | undefined): number {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : NaN;
}

/** Splits off the first n tab-separated fields; the rest (a path that may hold tabs) is the last item. */
export function splitFields(s: string, n: number): string[] | null {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const tab = s.indexOf('\t', at);
    if (tab === -1) return null;
    out.push(s.slice(at, tab));
    at = tab + 1;
  }
  out.push(s.slice(at));
  return out;
}
