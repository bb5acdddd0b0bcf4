// What every CLI command shares: one-line errors, calls through the dispatcher, output that is
// fully written before the process exits, and a backend opened with an actionable error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
// The backend (services, the state store, SSH, every probe) is imported only by a command that opens one:
// `--help`, a usage error or a bad flag answer without loading it.
import type { Backend, BackendOptions } from '../backend';
import { resolveDataDir } from '../store/dataDir';
import type { MethodName, RequestOf, ResponseOf } from '../../shared/contract';
import { escapeInvisible } from '../../shared/invisibleText';

/** An error the operator can act on: printed as one line, exit 1. */
export class CliError extends Error {}

/** The usage hint of commands whose flags are listed only in `spoolscope --help`. */
export const SEE_HELP = ' (see spoolscope --help)';

/** parseArgs whose refusal (an unknown flag, a missing value) is a CliError followed by `usageHint`. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T, usageHint: string) {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new CliError(`${(err as Error).message}${usageHint}`);
  }
}

export async function call<M extends MethodName>(backend: Backend, method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const r = await backend.dispatcher.call(method, request, { frontDoor: 'cli' });
  if (!r.ok) throw new CliError(r.message);
  return r.result as ResponseOf<M>;
}

/**
 * stdout to a pipe is asynchronous: exiting right after write() would cut a large report short.
 * A reader that went away (`| head`) is not an error of ours.
 */
export function writeAll(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (err) => (err && (err as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(err) : resolve())),
  );
}

/** Control and format characters in a name or log line would drive the terminal or reorder the line: escaped. */
export const printable = escapeInvisible;

/** `extra`: SSH host key settings from --known-hosts / --accept-new (nodeFlags.ts). */
export async function openCliBackend(extra: Pick<BackendOptions, 'ssh'> = {}): Promise<Backend> {
  const { createBackend } = await import('../backend');
  try {
    return createBackend({ dataDir: resolveDataDir({ env: process.env }), frontDoor: 'cli', ...extra });
  } catch (err) {
    const msg = (err as Error).message;
    throw new CliError(msg.includes('SPOOLSCOPE_DATA_DIR') ? msg : `cannot open the state store: ${msg} (set SPOOLSCOPE_DATA_DIR to a writable directory)`);
  }
}

/** Runs `body` with a backend and closes it whatever happens. */
export async function withBackend<T>(body: (backend: Backend) => Promise<T>, extra: Pick<BackendOptions, 'ssh'> = {}): Promise<T> {
  const backend = await openCliBackend(extra);
  try {
    return await body(backend);
  } finally {
    await backend.close();
  }
}
