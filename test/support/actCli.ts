// `spoolscope stores` then `spoolscope act` as an operator runs them: two CLI processes sharing one data
// directory, here, inside a mount namespace, or over SSH. The tool action of a kind is picked from the
// listing's JSON.
import type { SpawnSyncReturns } from 'node:child_process';
import { cliPath, runCli } from './cli';
import type { MountNamespace } from './mountNamespace';
import type { StoresReport, StoreAction, DataStore } from '../../src/shared/dataStoreModels';
import type { StoreActResult } from '../../src/shared/storeActionModels';

export interface ActCli {
  /** Runs the CLI with these args (plus the node flags), to its end. */
  run(args: string[]): SpawnSyncReturns<string>;
  /** `stores ROOT --json`, which must exit 0 or 3. */
  stores(root: string): StoresReport;
  /** `act ID ...flags --json`: the exit status and the parsed result (null when stdout is not JSON). */
  act(id: string, flags: string[]): { status: number | null; result: StoreActResult | null; stderr: string };
}

/** The CLI in `dataDir`, inside `ns` when given, with `nodeFlags` (--ssh ...) on every command. */
export function actCli(dataDir: string, opts: { ns?: MountNamespace; nodeFlags?: string[] } = {}): ActCli {
  const env = { SPOOLSCOPE_DATA_DIR: dataDir, SSH_AUTH_SOCK: '' };
  const flags = opts.nodeFlags ?? [];
  const run = (args: string[]) => (opts.ns ? opts.ns.run(process.execPath, [cliPath, ...args, ...flags], { env }) : runCli([...args, ...flags], env));
  return {
    run,
    stores(root) {
      const r = run(['stores', root, '--json']);
      if (r.status !== 0 && r.status !== 3) throw new Error(`spoolscope stores ${root} exited ${r.status}: ${r.stderr}`);
      return JSON.parse(r.stdout) as StoresReport;
    },
    act(id, more) {
      const r = run(['act', id, ...more, '--json']);
      let result: StoreActResult | null;
      try {
        result = JSON.parse(r.stdout) as StoreActResult;
      } catch {
        result = null;
      }
      return { status: r.status, result, stderr: r.stderr };
    },
  };
}

/** The store of `kind` (at `path` when given) and its tool action whose command matches `command`. */
export function toolAction(report: StoresReport, kind: DataStore['kind'], command: RegExp, path?: string): { store: DataStore; action: StoreAction & { id: string } } {
  const store = report.stores.find((s) => s.kind === kind && (path === undefined || s.path === path));
  if (!store) throw new Error(`no ${kind} store${path ? ` at ${path}` : ''} in the listing: ${JSON.stringify(report.stores.map((s) => [s.kind, s.path]))} ${report.warnings.join('; ')}`);
  const action = store.actions.find((a) => a.runnableBy === 'tool' && a.id !== null && command.test(a.command));
  if (!action) throw new Error(`the ${kind} store offers no tool action matching ${command}: ${JSON.stringify(store.actions)}`);
  return { store, action: action as StoreAction & { id: string } };
}
