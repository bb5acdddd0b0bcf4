// Data stores built by their documented layouts under one configured root, with ordinary rotated logs beside
// them (issue 15): `stores --json` names each store with its evidence, and `plan` skips exactly the files the
// stores manage, with the kind's code, while the ordinary files beside them stay plannable. A stopped WAL's
// units are planned behind a typed confirmation, and a writer that appears after the plan makes them a skip at
// execution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';
import { startWriter } from '../../support/reapLab';
import { stopAllHolders } from '../../support/processes';
import { body, buildClickhouseDir, buildCriPodLogs, buildDockerContainer, buildElasticsearchData, buildGenericWal, buildKafkaLogDir, buildMariadbLogDir, CONTAINER_ID, holdOpenAsKafka, put, type HeldOpen } from '../../support/stores/layouts';
import type { StoresReport } from '../../../src/shared/dataStoreModels';
import type { ReapPlan, ReapResult } from '../../../src/shared/reapModels';

function json<T>(args: string[], env: Record<string, string>, ok: number[] = [0]): T {
  const r = runCli([...args, '--json'], env);
  if (!ok.includes(r.status ?? -1)) throw new Error(`spoolscope ${args.join(' ')} exited ${r.status}: ${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as T;
}

describe('data stores by their documented layouts under one root', () => {
  let tmp: { dir: string; cleanup: () => void };
  let data: { dir: string; cleanup: () => void };
  let env: Record<string, string>;
  let root: string;
  let kafka: HeldOpen;
  let mariadb: ReturnType<typeof buildMariadbLogDir>;
  let kafkaLayout: ReturnType<typeof buildKafkaLogDir>;
  let docker: ReturnType<typeof buildDockerContainer>;
  let cri: ReturnType<typeof buildCriPodLogs>;
  let stoppedWal: string[];
  let heldWal: string[];
  const ordinary = ['app.log.1', 'app.log.2.gz'];

  beforeAll(async () => {
    tmp = makeTempDir('store-layouts');
    data = makeTempDir('store-layouts-state');
    env = { SPOOLSCOPE_DATA_DIR: data.dir };
    root = join(realpathSync(tmp.dir), 'var-log');
    mkdirSync(root);
    for (const o of ordinary) put(join(root, o), body(8192));
    mariadb = buildMariadbLogDir(join(root, 'mysql'));
    kafkaLayout = buildKafkaLogDir(join(root, 'kafka-logs'));
    buildElasticsearchData(join(root, 'elasticsearch'));
    buildClickhouseDir(join(root, 'clickhouse'));
    docker = buildDockerContainer(join(root, 'docker/containers'));
    cri = buildCriPodLogs(join(root, 'pods'));
    stoppedWal = buildGenericWal(join(root, 'steme/data/wal'));
    heldWal = buildGenericWal(join(root, 'queue/wal'), 4);
    kafka = await holdOpenAsKafka(kafkaLayout.segmentLogs[kafkaLayout.segmentLogs.length - 1]);
    await startWriter(heldWal[heldWal.length - 1]);
  });

  afterAll(async () => {
    await stopAllHolders();
    tmp?.cleanup();
    data?.cleanup();
  });

  it('stores --json names each store with its kind, path, bytes, evidence and the store\'s own actions', () => {
    const started = Date.now();
    const r = runCli(['stores', root, '--json'], env);
    const elapsed = Date.now() - started;
    expect([0, 3]).toContain(r.status);
    const report = JSON.parse(r.stdout) as StoresReport;
    console.log(`stores --json on the layouts: ${elapsed} ms, ${r.stdout.length} bytes of JSON, ${report.stores.length} stores`);
    const at = (kind: string, path: string) => {
      const s = report.stores.find((x) => x.kind === kind && x.path === path);
      if (!s) throw new Error(`no ${kind} at ${path}: ${report.stores.map((x) => `${x.kind} ${x.path}`).join(', ')}`);
      return s;
    };
    const binlogs = at('mysql-binlog', mariadb.index);
    expect(binlogs.reapRule).toBe('never');
    expect(binlogs.evidence.map((e) => e.what).join('; ')).toMatch(/magic \\xfebin.*index listing 4 logs/);
    expect(binlogs.actions.map((a) => a.command)).toContain("PURGE BINARY LOGS TO 'mysql-bin.000004';");
    const k = at('kafka', join(root, 'kafka-logs'));
    expect(k.holders).toEqual([{ pid: kafka.pid, comm: 'python3', how: 'write' }]);
    expect(k.evidence.map((e) => e.what).join('; ')).toMatch(/broker\.id=0.*recovery-point-offset-checkpoint/);
    expect(at('elasticsearch', join(root, 'elasticsearch')).bytes).toBeGreaterThan(0);
    const ch = at('clickhouse', join(root, 'clickhouse'));
    expect(ch.findings.map((f) => f.code)).toEqual(['detached-parts', 'shadow-backups']);
    const d = at('docker-json', join(root, 'docker/containers', CONTAINER_ID));
    expect(d.findings.map((f) => f.code)).toContain('container-log-unbounded');
    expect(d.actions[0]).toMatchObject({ confirm: CONTAINER_ID.slice(0, 12), risk: 'data-loss' });
    at('kubelet-cri', join(root, 'pods/default_web-6d4cf56db6-9xk2p_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/nginx'));
    expect(at('generic-wal', join(root, 'steme/data/wal')).holders).toEqual([]);
    expect(at('generic-wal', join(root, 'queue/wal')).holders.map((h) => h.how)).toEqual(['write']);
    // What the operator runs is shown, never run: no action id.
    for (const s of report.stores) for (const a of s.actions.filter((x) => x.runnableBy === 'operator')) expect(a.id).toBeNull();
  });

  it('plan skips exactly the stores\' files, each with its code and a pointer to the store\'s guidance; ordinary files beside them stay plannable', () => {
    const started = Date.now();
    const plan = json<ReapPlan>(['plan', root, '--add-root', '--max-bytes', '0', '--keep-newest', '0'], env);
    console.log(`plan over the layouts: ${Date.now() - started} ms`);
    const rel = (p: string) => p.slice(root.length + 1);
    const planned = plan.entries.map((e) => e.path).sort();
    expect(planned).toEqual(
      [
        ...ordinary,
        ...mariadb.plain.map(rel),
        ...docker.rotated.map(rel),
        ...cri.rotated.map(rel),
        // A stopped WAL: whole segments, oldest first, the newest kept.
        ...stoppedWal.slice(0, -1).map(rel),
      ].sort(),
    );
    const codeOf = (path: string) => plan.skipped.filter((s) => s.path === path).map((s) => s.code);
    for (const b of [...mariadb.binlogs, mariadb.index]) expect(codeOf(rel(b))).toEqual(['store-managed']);
    expect(codeOf(rel(docker.active))).toEqual(['store-managed']);
    expect(codeOf(rel(cri.active))).toEqual(['store-managed']);
    expect(codeOf('mysql/error.log')).toEqual([]);
    // A Kafka segment is one unit with its indexes, and the whole log directory is the broker's.
    for (const l of kafkaLayout.segmentLogs) expect(codeOf(rel(l))).toEqual(['store-managed']);
    expect(codeOf('elasticsearch/nodes/0/indices/2Vz1kHyaQxq5VAd7ZPF1Dg/0/translog/translog-00001.tlog')).toEqual(['store-managed']);
    for (const w of heldWal) expect(codeOf(rel(w))).toEqual(['store-active']);
    expect(codeOf(rel(stoppedWal[stoppedWal.length - 1]))).toEqual(['floor']);
    expect(planned.some((p) => p.startsWith('clickhouse/') || p.startsWith('kafka-logs/') || p.startsWith('elasticsearch/'))).toBe(false);
    expect(planned).not.toContain(rel(docker.active));
    expect(planned).not.toContain(rel(cri.active));
    expect(planned).not.toContain('mysql/error.log');
    // Every store skip points to guidance the plan carries.
    const guided = new Set((plan.guidance ?? []).map((g) => g.path));
    for (const s of plan.skipped.filter((x) => x.code === 'store-managed' || x.code === 'store-active')) expect(guided.has(s.store!)).toBe(true);
    expect(plan.skipped.find((s) => s.path === rel(mariadb.binlogs[0]))?.reason).toMatch(/PURGE BINARY LOGS TO 'mysql-bin.000004'/);
    expect(plan.skipped.find((s) => s.path === rel(heldWal[0]))).toMatchObject({ code: 'store-active', comm: 'sleep' });
    expect(plan.confirm?.text).toBe(join(root, 'steme/data/wal'));
    expect(plan.confirm?.prompt).toMatch(/stop the process that writes/);
  });

  it('reap refuses a plan with a stopped store\'s units without its typed confirmation, and skips them store-active when a writer came back since the plan', async () => {
    const plan = json<ReapPlan>(['plan', root, '--max-bytes', '0', '--keep-newest', '0'], env);
    const refused = runCli(['reap', plan.planId, '--yes', '--json'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/needs its typed confirmation/);

    const again = json<ReapPlan>(['plan', root, '--max-bytes', '0', '--keep-newest', '0'], env);
    const walUnits = again.entries.filter((e) => e.store).map((e) => e.path);
    expect(walUnits).toHaveLength(stoppedWal.length - 1);
    // The store's writer starts again between the plan and the reap (on its newest segment, not a planned one).
    await startWriter(stoppedWal[stoppedWal.length - 1]);
    const result = json<ReapResult>(['reap', again.planId, '--yes', '--confirm', again.confirm!.text], env);
    expect(result.skipped.filter((s) => s.code === 'store-active').map((s) => s.path).sort()).toEqual([...walUnits].sort());
    for (const w of stoppedWal) expect(existsSync(w)).toBe(true);
    for (const o of ordinary) expect(existsSync(join(root, o))).toBe(false);
    for (const b of mariadb.binlogs) expect(existsSync(b)).toBe(true);
    expect(existsSync(docker.active) && existsSync(cri.active)).toBe(true);
    expect(existsSync(kafkaLayout.segmentLogs[0])).toBe(true);
  });
});
