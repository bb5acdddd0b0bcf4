// Characters that change how the text around them reads, on a terminal or on screen, without being seen
// themselves: controls (Unicode category Cc: C0, DEL and C1, ESC among them), format characters (Cf: U+202E
// RIGHT-TO-LEFT OVERRIDE reverses what follows, U+200B ZERO WIDTH SPACE hides in a name) and the line and
// paragraph separators (Zl, Zp). A file name or log line is attacker text: shown, each is written as an escape.
// JSON keeps the raw text; only text meant for people is escaped.

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** How one invisible character is written: \n \t \r, \xNN for the other C0 controls and DEL, \u{hex} beyond. */
export function escapeInvisibleChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  const code = c.codePointAt(0)!;
  if (code < 0x80) return '\\x' + code.toString(16).padStart(2, '0');
  return `\\u{${code.toString(16)}}`;
}

/** `text` with every invisible character escaped (backslashes are left as they are). */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeInvisibleChar);
}

/** The same, and backslashes doubled, so an escaped name can never read as another, real name. */
export function escapeInvisibleAndBackslash(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\\]/gu, (c) => (c === '\\' ? '\\\\' : escapeInvisibleChar(c)));
}
