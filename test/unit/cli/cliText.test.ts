import { describe, expect, it } from 'vitest';
import { table } from '../../../src/main/cli/formatTable';
import { printable } from '../../../src/main/cli/cliSupport';

describe('CLI text from names and log lines', () => {
  it('escapes controls, format characters and separators, and leaves backslashes and visible text alone', () => {
    expect(printable('accept: \u202Eevil\u200B \u001b[2J\u0085\u2028 C:\\x ok é')).toBe('accept: \\u{202e}evil\\u{200b} \\x1b[2J\\u{85}\\u{2028} C:\\x ok é');
  });
  it('is idempotent, so text already escaped by the backend is not escaped twice', () => {
    const once = printable('a\u202Eb\nc');
    expect(printable(once)).toBe(once);
  });
  it('escapes every table cell, so a hostile name cannot reorder or break a row', () => {
    const out = table(['PID', 'PATH'], [['1', 'spool\u202Egol.log'], ['22', 'line\nbreak']], new Set([0]));
    expect(out.split('\n')).toEqual(['PID  PATH', '  1  spool\\u{202e}gol.log', ' 22  line\\nbreak']);
  });
});
