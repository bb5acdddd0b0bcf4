// The one byte text of every front door: the window, the CLI's tables and the watch's alerts.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/**
 * Bytes in binary units with three significant digits: "0 B", "1023 B", "1.00 KiB", "15.5 MiB", "150 GiB".
 * Whole bytes below 1 KiB (a fraction, as from a rate, is rounded). The unit is chosen after rounding, so
 * a value just under a unit boundary reads as the next unit ("1.00 MiB", never "1024 KiB"), and a value
 * whose rounding gains a digit drops a decimal ("10.0 KiB", never "10.00 KiB"). Past the largest unit
 * (EiB) the number just grows. Negative values keep their sign ("-300 MiB": a shrinking size, a freed
 * amount that came out negative); NaN and infinities, which no measurement gives, read "–".
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  let v = Math.abs(bytes);
  for (let u = 0; ; u++) {
    const text = u === 0 ? String(Math.round(v)) : threeSignificant(v);
    if (Number(text) < 1024 || u === UNITS.length - 1) return `${bytes < 0 && Number(text) !== 0 ? '-' : ''}${text} ${UNITS[u]}`;
    v /= 1024;
  }
}

function threeSignificant(v: number): string {
  const decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
  const text = v.toFixed(decimals);
  // 9.996 rounds to "10.00" and 99.96 to "100.0": four digits; one decimal fewer keeps three.
  return decimals > 0 && Number(text) >= 10 ** (3 - decimals) ? v.toFixed(decimals - 1) : text;
}
