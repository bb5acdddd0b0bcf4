// Tool action ids: minted by one process, run by another through the state store, once, within 10 minutes
// (a clock is injected). An id used twice, past its 10 minutes, or unknown is refused before anything runs
// on the node; a dry run and a refused confirmation do not use it up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../support/tempDir';
import { StoreActions, ACTION_TTL_MS } from '../../../src/main/services/storeActions/storeActions';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { DirIndex } from '../../../src/main/core/dataStores/dirIndex';
import { newStore } from '../../../src/main/core/dataStores/detectedStore';
import { toDataStore } from '../../../src/main/core/dataStores/storeGuidance';
import type { ListedEntry } from '../../../src/main/core/dataStores/storeRecords';
import type { StoresReport } from '../../../src/shared/dataStoreModels';
import { RpcError } from '../../../src/shared/rpcResult';

let tmp: { dir: string; cleanup: () => void };
let stores: StateStore[];
let transport: LocalTransport;
let clock: number;

function entry(path: string): ListedEntry {
  const s = statSync(path);
  return { dev: s.dev, ino: s.ino, type: s.isDirectory() ? 'd' : 'f', size: s.size, blocks: s.blocks, nlink: s.nlink, mtime: Math.floor(s.mtimeMs / 1000), path };
}

/** A process's view: its own connection to the state store and its own StoreActions. */
function aProcess(temporaryNotice?: string): StoreActions {
  const store = openStateStore({ dataDir: join(tmp.dir, temporaryNotice ? 'temp-data' : 'data'), temporaryNotice });
  stores.push(store);
  return new StoreActions({ transportFor: () => transport, store, now: () => clock });
}

/** Lists a core dump directory as stores.list would and mints its action; returns its id. */
function mintCores(actions: StoreActions, names: string[]): string {
  const { id, report } = listCores(actions, names);
  expect(report.warnings).toEqual([]);
  return id;
}

function listCores(actions: StoreActions, names: string[]): { id: string; report: StoresReport } {
  const dir = join(tmp.dir, 'systemd', 'coredump');
  mkdirSync(dir, { recursive: true });
  for (const n of names) writeFileSync(join(dir, n), Buffer.alloc(64 * 1024, 1));
  const index = new DirIndex([entry(dir), ...names.map((n) => entry(join(dir, n)))]);
  const detected = newStore('coredump', dir, [], { managedFiles: names.map((n) => join(dir, n)) });
  detected.files = names.length;
  const report: StoresReport = { node: 'local', locations: [dir], stores: [toDataStore(detected)], partial: false, warnings: [] };
  actions.mint(report, [detected], index);
  const tool = report.stores[0].actions.find((a) => a.runnableBy === 'tool');
  return { id: tool!.id!, report };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RpcError);
  return (err as RpcError).message;
}

describe('tool action ids', () => {
  beforeEach(() => {
    tmp = makeTempDir('act-ids');
    stores = [];
    transport = new LocalTransport();
    clock = 1_800_000_000_000;
  });

  afterEach(async () => {
    for (const s of stores) s.close();
    await transport.close();
    tmp.cleanup();
  });

  it('run from another process once; the second use is refused and touches nothing', async () => {
    const id = mintCores(aProcess(), ['core.a.1', 'core.b.2']);
    const other = aProcess();
    const dry = await other.act({ actionId: id, dryRun: true });
    expect(dry.refused).toBeNull();
    expect(existsSync(join(tmp.dir, 'systemd', 'coredump', 'core.a.1'))).toBe(true);
    const run = await other.act({ actionId: id, dryRun: false });
    expect(run.removed).toHaveLength(2);
    writeFileSync(join(tmp.dir, 'systemd', 'coredump', 'core.a.1'), 'a new crash');
    expect(await refusal(aProcess().act({ actionId: id, dryRun: false }))).toMatch(/already used/);
    expect(await refusal(other.act({ actionId: id, dryRun: true }))).toMatch(/already used/);
    expect(existsSync(join(tmp.dir, 'systemd', 'coredump', 'core.a.1'))).toBe(true);
  });

  it('expires 10 minutes after the listing, by the injected clock', async () => {
    const id = mintCores(aProcess(), ['core.c.3']);
    clock += ACTION_TTL_MS;
    const dry = await aProcess().act({ actionId: id, dryRun: true });
    expect(dry.refused).toBeNull();
    clock += 1;
    expect(await refusal(aProcess().act({ actionId: id, dryRun: false }))).toMatch(/expired/);
    expect(existsSync(join(tmp.dir, 'systemd', 'coredump', 'core.c.3'))).toBe(true);
  });

  it('an unknown id is not found', async () => {
    expect(await refusal(aProcess().act({ actionId: 'act-nope', dryRun: true }))).toMatch(/no tool action act-nope/);
  });

  it('two processes racing for one id: exactly one runs it', async () => {
    const id = mintCores(aProcess(), ['core.d.4']);
    const results = await Promise.allSettled([aProcess().act({ actionId: id, dryRun: false }), aProcess().act({ actionId: id, dryRun: false })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as Error).message)).toEqual([expect.stringMatching(/already used/)]);
  });

  it('from a run with a temporary state store: said not saved, run in that process only, unknown to another', async () => {
    const here = aProcess('the data directory is full: a temporary store is used');
    const { id, report } = listCores(here, ['core.a.1']);
    expect(report.actionsNotSaved).toMatch(/temporary one/);
    expect(report.warnings.join('\n')).toMatch(/spoolscope act cannot find their ids/);
    expect(await refusal(aProcess().act({ actionId: id, dryRun: true }))).toMatch(new RegExp(id));
    expect((await here.act({ actionId: id, dryRun: true })).refused).toBeNull();
    expect(existsSync(join(tmp.dir, 'systemd', 'coredump', 'core.a.1'))).toBe(true);
  });
});
