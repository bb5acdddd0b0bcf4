// Runs in chromium (bundled by test/e2e/treemapTextMeter.e2e.test.ts): the label meter's widths against the
// canvas's own measure of the whole string, for seeded random names in every label face.
import { LABEL_FONTS } from '../../src/renderer/src/treemap/draw';
import { primeAdvances, textMeter } from '../../src/renderer/src/treemap/textMeter';
import { mulberry32 } from '../support/mulberry32';
import type { MeterReport } from '../support/pageReports';


/** Names as spools have them, with hostile characters, Latin-1, pairs that kern and f-ligatures. */
const PIECES = ['segment-', '0000', '12', '.log', '.json', 'Te', 'AV', 'Yo', 'ffi', 'fl', ' ', '$(touch x)', '-rf', '"', "'", '\\', 'é', 'Ŕ', 'ß', '…', '·', '~', 'WAL', 'kafka', 'index', 'cafe\u0301', '\u0627\u0644\u0633\u062c\u0644', '\u{1F4A5}'];
const RANGES: [number, number][] = [[0x20, 0x7f], [0xa0, 0x180]];

export function checkMeter(seed: number, count: number): MeterReport {
  const rand = mulberry32(seed);
  const ctx = document.createElement('canvas').getContext('2d')!;
  const truth = document.createElement('canvas').getContext('2d')!;
  truth.fontKerning = 'none';
  const m = textMeter(ctx);
  const report: MeterReport = { strings: 0, narrower: [], inexact: [], largestOverstatePerF: 0 };
  for (let i = 0; i < count; i++) {
    const font = LABEL_FONTS[Math.floor(rand() * LABEL_FONTS.length)];
    // Half the faces primed ahead (as warmLabelText does), half tabled as the characters are met.
    if (rand() < 0.5) primeAdvances(document.createElement('canvas').getContext('2d')!, font);
    let text = '';
    const parts = 1 + Math.floor(rand() * 12);
    for (let j = 0; j < parts; j++) {
      if (rand() < 0.6) text += PIECES[Math.floor(rand() * PIECES.length)];
      else {
        const [lo, hi] = RANGES[Math.floor(rand() * RANGES.length)];
        text += String.fromCharCode(lo + Math.floor(rand() * (hi - lo)));
      }
    }
    m.font(font);
    truth.font = font;
    const meter = m.width(text);
    const real = truth.measureText(text).width;
    report.strings++;
    if (meter < real - 1e-6) report.narrower.push(`${font}: ${JSON.stringify(text)} meter ${meter} canvas ${real}`);
    if (!text.includes('f') && Math.abs(meter - real) > 1e-6) report.inexact.push(`${font}: ${JSON.stringify(text)} meter ${meter} canvas ${real}`);
    const fs = text.split('f').length - 1;
    if (fs > 0) report.largestOverstatePerF = Math.max(report.largestOverstatePerF, (meter - real) / fs);
  }
  return report;
}
