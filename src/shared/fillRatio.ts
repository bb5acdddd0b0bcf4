// How full a filesystem is: the one figure the filesystem card, the reconciliation row, the fleet table, the
// CLI and the alerts show, computed as df computes Use%. Blocks reserved for root are neither used nor
// available, so dividing by the size reads low: a `/` at df's 24% showed as 9.6%.

/** used / (used + available); 0 for a filesystem with neither (df prints "-" there). */
export function fillRatio(usedBytes: number, availBytes: number): number {
  const usable = usedBytes + availBytes;
  return usable > 0 ? usedBytes / usable : 0;
}

/**
 * df's Use% from the byte counts, exactly: used x 100 over used + available, rounded up as df rounds it (a
 * filesystem with 14 KiB used of 50 MiB reads 1%, not 0%). Integer arithmetic: a fill of exactly 7% is 7,
 * not the 8 that a float 0.07 x 100 rounded up would give.
 */
export function fillPercent(usedBytes: number, availBytes: number): number {
  if (usedBytes <= 0 || usedBytes + availBytes <= 0) return 0;
  const u100 = BigInt(Math.round(usedBytes)) * 100n;
  const usable = BigInt(Math.round(usedBytes + availBytes));
  return Number(u100 / usable + (u100 % usable === 0n ? 0n : 1n));
}

/**
 * The same percent from a ratio alone (a fleet row, an alert carry no byte counts): rounded up as df does,
 * past float noise (0.07 x 100 is 7.000000000000001, which is 7%).
 */
export function fillPercentOfRatio(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 0) return 0;
  return Math.ceil(ratio * 100 - 1e-9);
}

/** "23%": the text of a fill figure. */
export function formatFill(percent: number): string {
  return `${percent}%`;
}
