// Preloaded (node --import) into a process the bench measures: at exit it writes its own peak RSS in KiB
// (ru_maxrss, this process only, not its children) to $SPOOLSCOPE_BENCH_PEAK_RSS.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.SPOOLSCOPE_BENCH_PEAK_RSS;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
