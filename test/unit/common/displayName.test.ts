import { describe, expect, it } from 'vitest';
import { displayName } from '../../../src/main/core/common/displayName';

const latin1 = (b: number[] | Buffer) => Buffer.from(b).toString('latin1');

describe('display names', () => {
  it('shows plain ASCII as is', () => {
    expect(displayName('app.log.3.gz')).toBe('app.log.3.gz');
  });
  it('decodes valid UTF-8 carried as raw bytes', () => {
    expect(displayName(latin1(Buffer.from('日本語.log')))).toBe('日本語.log');
  });
  it('escapes invalid UTF-8 bytes as \\xNN and keeps valid neighbours', () => {
    expect(displayName(latin1([0x66, 0xff, 0xfe, 0x2e, 0xc3, 0xa9]))).toBe('f\\xff\\xfe.é');
  });
  it('escapes control characters so a name with a newline stays on one line', () => {
    expect(displayName('a\nb\tc')).toBe('a\\nb\\tc');
  });
  it('escapes backslashes so an escaped name cannot be confused with a real one', () => {
    expect(displayName('a\\xff')).toBe('a\\\\xff');
  });
});

describe('invisible characters in display names', () => {
  it('escapes right-to-left overrides, zero-width spaces and other format characters as \\u{hex}', () => {
    const name = latin1(Buffer.from('invoice\u202Etxt.exe\u200B\uFEFF'));
    expect(displayName(name)).toBe('invoice\\u{202e}txt.exe\\u{200b}\\u{feff}');
  });
  it('escapes C1 controls and the line and paragraph separators, and keeps ESC, CR and LF as before', () => {
    expect(displayName(latin1(Buffer.from('a\u0085b\u009bc\u2028d\u2029e')))).toBe('a\\u{85}b\\u{9b}c\\u{2028}d\\u{2029}e');
    expect(displayName('a\u001b[31m\r\n')).toBe('a\\x1b[31m\\r\\n');
  });
  it('leaves visible non-ASCII text alone', () => {
    expect(displayName(latin1(Buffer.from('café-日本-ü.log')))).toBe('café-日本-ü.log');
  });
});
