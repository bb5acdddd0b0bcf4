import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/shared/formatBytes';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;
const EiB = 1024 * PiB;

describe('formatBytes: one byte text for the window, the CLI and alerts', () => {
  it('shows whole bytes below 1 KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1)).toBe('1 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('rounds a fractional byte count (a rate) to a whole byte', () => {
    expect(formatBytes(0.4)).toBe('0 B');
    expect(formatBytes(511.6)).toBe('512 B');
  });

  it('switches to KiB at 1024 with three significant digits', () => {
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(15.5 * KiB)).toBe('15.5 KiB');
    expect(formatBytes(150 * KiB)).toBe('150 KiB');
  });

  it('never prints 1024 of a unit: just below a boundary it reads as the next unit', () => {
    expect(formatBytes(1023.6)).toBe('1.00 KiB');
    expect(formatBytes(MiB - 1)).toBe('1.00 MiB');
    expect(formatBytes(1023.5 * KiB)).toBe('1.00 MiB');
    expect(formatBytes(GiB - 1)).toBe('1.00 GiB');
    expect(formatBytes(TiB - 1)).toBe('1.00 TiB');
    expect(formatBytes(PiB - 1)).toBe('1.00 PiB');
    expect(formatBytes(1023.4 * KiB)).toBe('1023 KiB');
  });

  it('keeps three significant digits when rounding gains a digit', () => {
    expect(formatBytes(9.996 * KiB)).toBe('10.0 KiB');
    expect(formatBytes(99.96 * MiB)).toBe('100 MiB');
    expect(formatBytes(9.994 * KiB)).toBe('9.99 KiB');
  });

  it('prints the measured sizes the tests and the operator read', () => {
    expect(formatBytes(6 * MiB)).toBe('6.00 MiB');
    expect(formatBytes(124 * GiB)).toBe('124 GiB');
    expect(formatBytes(1.3 * GiB)).toBe('1.30 GiB');
  });

  it('handles huge values: the largest safe integer, exbibytes, and past the largest unit', () => {
    expect(formatBytes(Number.MAX_SAFE_INTEGER)).toBe('8.00 PiB');
    expect(formatBytes(EiB)).toBe('1.00 EiB');
    expect(formatBytes(2048 * EiB)).toBe('2048 EiB');
  });

  it('keeps the sign of a negative value (a shrinking size, a freed amount that came out negative)', () => {
    expect(formatBytes(-300 * MiB)).toBe('-300 MiB');
    expect(formatBytes(-1)).toBe('-1 B');
    expect(formatBytes(-(MiB - 1))).toBe('-1.00 MiB');
  });

  it('never prints "-0": a negative fraction that rounds to nothing is 0 B', () => {
    expect(formatBytes(-0.3)).toBe('0 B');
    expect(formatBytes(-0)).toBe('0 B');
  });

  it('reads "–" for NaN and infinities instead of "NaN B"', () => {
    expect(formatBytes(Number.NaN)).toBe('–');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('–');
    expect(formatBytes(Number.NEGATIVE_INFINITY)).toBe('–');
  });
});
