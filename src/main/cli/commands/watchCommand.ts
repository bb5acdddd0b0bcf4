// `spoolscope watch ROOT [--for SECONDS] [--interval MS] [--json] [node flags]`: live growth of a root and
// its filesystem, here or over SSH, one sample per line (NDJSON with --json) until --for runs out or Ctrl+C.
// The rate and time to full are the snapshot's, the same figures the window's card and banner show.
import { resolve } from 'node:path';
import type { FillTrend, WatchSnapshot } from '../../../shared/watchModels';
import { fullAtRateText } from '../../../shared/durationText';
import { call, CliError, openCliBackend, parseCliArgs, printable, SEE_HELP, writeAll } from '../cliSupport';
import { backendOptionsFor, namesRemoteNode, NODE_FLAG_OPTIONS, resolveNode, type NodeFlags } from '../nodeFlags';
import { formatBytes } from '../../../shared/formatBytes';
import { fillPercentOfRatio } from '../../../shared/fillRatio';

/** What a line carries: the snapshot without its sparkline arrays (a chart's data, not a sample's). */
function sampleLine(s: WatchSnapshot): string {
  const { filesystems, partitions, ...rest } = s;
  return JSON.stringify({
    ...rest,
    filesystems: filesystems.map(({ spark: _spark, ...f }) => f),
    partitions: partitions.map(({ spark: _spark, ...p }) => p),
  });
}

function rate(bps: number | null): string {
  return bps === null ? '-' : `${formatBytes(Math.round(bps))}/s`;
}

const TREND_TEXT: Record<Exclude<FillTrend, 'filling'>, string> = { measuring: 'measuring growth', slow: 'filling slowly', 'not-filling': 'not filling' };

function humanLine(s: WatchSnapshot): string {
  const time = new Date(s.at).toISOString().slice(11, 19);
  const fs = s.filesystems[0];
  const parts = [`${time}`];
  if (fs) {
    parts.push(`${fs.mount} ${fillPercentOfRatio(fs.fillRatio)}% used, ${rate(fs.bytesPerSecond)}`);
    parts.push(fs.trend === 'filling' && fs.secondsToFull !== null ? fullAtRateText(fs.secondsToFull, fs.fitWindowMs) : TREND_TEXT[fs.trend === 'filling' ? 'measuring' : fs.trend]);
  }
  const top = s.partitions.filter((p) => (p.bytesPerSecond ?? 0) > 0).slice(0, 3);
  if (top.length > 0) parts.push(`growing: ${top.map((p) => `${printable(p.path)} ${rate(p.bytesPerSecond)}`).join(', ')}`);
  for (const a of s.alerts) parts.push(`[${a.severity}] ${a.message}`);
  return parts.join('  ·  ');
}

export async function watchCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    options: { for: { type: 'string' }, interval: { type: 'string' }, json: { type: 'boolean', default: false }, ...NODE_FLAG_OPTIONS },
    allowPositionals: true,
  }, SEE_HELP);
  const [rootArg, ...extra] = parsed.positionals;
  if (!rootArg || extra.length > 0) throw new CliError('watch needs one ROOT directory (see spoolscope --help)');
  const seconds = parsed.values.for === undefined ? null : Number(parsed.values.for);
  if (seconds !== null && !(Number.isFinite(seconds) && seconds > 0)) throw new CliError(`watch: --for takes a number of seconds, got ${JSON.stringify(parsed.values.for)}`);
  const intervalMs = parsed.values.interval === undefined ? 2000 : Number(parsed.values.interval);
  if (!Number.isInteger(intervalMs) || intervalMs < 200 || intervalMs > 600_000) throw new CliError('watch: --interval takes milliseconds, 200 to 600000');
  const flags = parsed.values as NodeFlags;
  const remote = namesRemoteNode(flags);
  // A relative path means this machine's working directory: on another node only an absolute one makes sense.
  if (remote && !rootArg.startsWith('/')) throw new CliError(`watch: the ROOT on another node must be an absolute path, got ${JSON.stringify(rootArg)}`);
  const root = remote ? rootArg : resolve(rootArg);
  const json = parsed.values.json;

  const backend = await openCliBackend(backendOptionsFor(flags));
  let lastSeq = -1;
  let writing: Promise<void> = Promise.resolve();
  let failure: string | null = null;
  // A reader that went away (`| head`) ends the watch quietly.
  let readerGone = false;
  const onStdoutError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') readerGone = true;
  };
  process.stdout.on('error', onStdoutError);
  const unlisten = backend.events.listen((event, payload) => {
    if (event !== 'watch.snapshot') return;
    const s = payload as WatchSnapshot;
    // One line per sample; the final "stopped" snapshot repeats the last sample.
    if (s.root !== root || s.seq === lastSeq || s.state !== 'running') return;
    lastSeq = s.seq;
    if (s.seq === 1 && s.errors.some((e) => e.startsWith('the root '))) failure = `${root}: ${s.errors[0]}`;
    if (failure || readerGone) return;
    const line = json ? sampleLine(s) : humanLine(s);
    writing = writing.then(() => writeAll(line + '\n')).catch(() => {
      readerGone = true;
    });
  });
  try {
    const node = await resolveNode(backend, flags);
    const { watchId } = await call(backend, 'watch.start', { node, root, intervalMs });
    await new Promise<void>((done) => {
      const finish = () => {
        if (timer) clearTimeout(timer);
        clearInterval(check);
        process.off('SIGINT', finish);
        done();
      };
      const timer = seconds === null ? null : setTimeout(finish, seconds * 1000);
      // A root that cannot be watched ends the command with the probe's reason.
      const check = setInterval(() => {
        if (failure || readerGone) finish();
      }, 100);
      process.once('SIGINT', finish);
    });
    await call(backend, 'watch.stop', { watchId });
  } finally {
    unlisten();
    process.stdout.off('error', onStdoutError);
    await writing;
    await backend.close();
  }
  if (failure) throw new CliError(failure);
  return 0;
}
