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
