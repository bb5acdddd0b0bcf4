// Names are kept as raw bytes (one latin1 char per byte) for identity, and shown as text:
// valid UTF-8 decodes as itself; invalid bytes and invisible characters (controls, format characters such as
// U+202E, line and paragraph separators: shared/invisibleText.ts) are shown escaped.
import { escapeInvisibleAndBackslash } from '../../../shared/invisibleText';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function hex(b: number): string {
  return '\\x' + b.toString(16).padStart(2, '0');
}

function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  let len: number;
  if (b < 0x80) return 1;
  else if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) len = 3;
  else if (b >= 0xf0 && b <= 0xf4) len = 4;
  else return 0;
  if (i + len > bytes.length) return 0;
  for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  try {
    strictUtf8.decode(bytes.subarray(i, i + len));
  } catch {
    return 0; // overlong or surrogate forms
  }
  return len;
}

/** Raw name bytes (as a latin1 string) to display text. Pure ASCII is returned as is, cheaply. */
export function displayName(raw: string): string {
  if (/^[\u0020-\u005b\u005d-\u007e]*$/.test(raw)) return raw;
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  try {
    return escapeInvisibleAndBackslash(strictUtf8.decode(bytes));
  } catch {
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const len = utf8SequenceLength(bytes, i);
      if (len === 0) {
        out += hex(bytes[i]);
        i++;
      } else {
        out += escapeInvisibleAndBackslash(strictUtf8.decode(bytes.subarray(i, i + len)));
        i += len;
      }
    }
    return out;
  }
}
