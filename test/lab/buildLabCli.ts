// Builds the test lab into DIR and prints its LabInfo as JSON (Buffers as hex strings).
// Usage: tsx test/lab/buildLabCli.ts DIR [--spike-multiple N] [--baseline-rows N] [--text-store]
// --text-store adds the day-partitioned text-log store (logs/text/YYYY-MM-DD/<service>.log) as `textStore`.
import { buildLab, type LabOptions } from './buildLab';
import { buildTextLogStore } from './textLogStore';

function usage(msg: string): never {
  process.stderr.write(`buildLabCli: ${msg}\nusage: tsx test/lab/buildLabCli.ts DIR [--spike-multiple N] [--baseline-rows N] [--text-store]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opts: LabOptions = {};
let dir: string | undefined;
let textStore = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--spike-multiple' || a === '--baseline-rows') {
    const n = Number(args[++i]);
    if (!Number.isFinite(n) || n <= 0) usage(`${a} needs a positive number`);
    if (a === '--spike-multiple') opts.spikeMultiple = n;
    else opts.baselineRowsPerDay = Math.round(n);
  } else if (a === '--text-store') textStore = true;
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else if (dir === undefined) dir = a;
  else usage('only one DIR');
}
if (dir === undefined) usage('DIR is required');

const lab = await buildLab(dir, opts);
const info = { ...lab, ...(textStore ? { textStore: buildTextLogStore(lab.root) } : {}) };
const json = JSON.stringify(
  info,
  (_key, value: unknown) => {
    // Buffer.toJSON has already run: { type: 'Buffer', data: [...] } -> hex string
    if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
      return Buffer.from((value as { data: number[] }).data).toString('hex');
    }
    return value;
  },
  2,
);
process.stdout.write(json + '\n');
