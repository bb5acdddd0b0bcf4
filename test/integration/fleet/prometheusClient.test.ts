// The Prometheus client's transport against real local servers: basic auth read from its file at each
// query (a rotated file is picked up), a custom CA for HTTPS (and the refusal without it), gzip answers, an
// answer over the byte limit refused while streaming, extra headers sent as given, a path prefix kept; and
// the saved source in the state store, secrets as paths only.
import { spawnSync } from 'node:child_process';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient } from '../../../src/main/services/fleet/prometheusClient';
import { openStateStore } from '../../../src/main/store/stateStore';
import { fleetPrometheusHandlers } from '../../../src/main/handlers/fleetPrometheus';
import { PrometheusFleetSource } from '../../../src/main/services/fleet/prometheusFleetSource';
import { PrometheusSourceSchema } from '../../../src/shared/prometheusModels';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('prom-client');
const vector = (n: number) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: Array.from({ length: n }, (_, i) => ({ metric: { instance: `n${i}:9100` }, value: [1, '1'] })) } });
let seen: IncomingMessage[] = [];
function handler(req: IncomingMessage, res: ServerResponse) {
  seen.push(req);
  const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query');
  if (!req.url?.startsWith('/prefix/api/v1/query')) return void res.writeHead(404).end();
  if (req.headers.authorization !== `Basic ${Buffer.from('ops:pa:ss').toString('base64')}`) return void res.writeHead(401).end();
  if (q === 'huge') {
    // 2 MiB with no content-length: refused as it streams, not after.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(vector(40_000));
    return;
  }
  if (q === 'gz') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(vector(3)));
    return;
  }
  if (q?.startsWith('count by (job)')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'node' }, value: [1, '1'] }] } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(vector(1));
}

let http: Server;
let https: Server;
let httpUrl: string;
let httpsUrl: string;
const authFile = join(tmp.dir, 'auth');
const caFile = join(tmp.dir, 'ca.pem');

beforeAll(async () => {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(tmp.dir, 'key.pem'), '-out', caFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  http = createHttp(handler);
  https = createHttps({ key: readFileSync(join(tmp.dir, 'key.pem')), cert: readFileSync(caFile) }, handler);
  await Promise.all([http, https].map((s) => new Promise<void>((res) => s.listen(0, '127.0.0.1', res))));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/prefix/`;
  httpsUrl = `https://127.0.0.1:${(https.address() as AddressInfo).port}/prefix`;
  writeFileSync(authFile, 'ops:pa:ss\n');
});

afterAll(async () => {
  await Promise.all([http, https].map((s) => new Promise<void>((res) => s.close(() => res()))));
  tmp.cleanup();
});

const source = (over: object) => PrometheusSourceSchema.parse({ url: httpUrl, basicAuthFile: authFile, ...over });

describe('prometheus client', () => {
  it('sends basic auth read from its file at each query, the extra headers, and keeps the path prefix', async () => {
    seen = [];
    const c = createPrometheusClient(source({ headers: [{ name: 'X-Scope-OrgID', value: 'team a' }] }));
    expect(await c.query('up', 1700000000, 'up')).toEqual([{ labels: { instance: 'n0:9100' }, value: 1 }]);
    expect(seen[0].headers['x-scope-orgid']).toBe('team a');
    expect(seen[0].url).toBe('/prefix/api/v1/query?query=up&time=1700000000');
    writeFileSync(authFile, 'ops:rotated\n');
    await expect(c.query('up', 1, 'up')).rejects.toThrow(/refused the request \(HTTP 401\): check the basic auth file/);
    writeFileSync(authFile, 'ops:pa:ss\n');
    writeFileSync(join(tmp.dir, 'bad-auth'), 'no colon here\n');
    await expect(createPrometheusClient(source({ basicAuthFile: join(tmp.dir, 'bad-auth') })).query('up', 1, 'up')).rejects.toThrow(/holds no user:password line/);
  });

  it('trusts a server by the CA file, and says why without it', async () => {
    const c = createPrometheusClient(source({ url: httpsUrl, caFile }));
    expect(await c.query('up', 1, 'up')).toHaveLength(1);
    await expect(createPrometheusClient(source({ url: httpsUrl })).query('up', 1, 'up')).rejects.toThrow(/is unreachable: .*(self[- ]signed|certificate)/i);
    await expect(createPrometheusClient(source({ url: httpsUrl, caFile: join(tmp.dir, 'nope.pem') })).query('up', 1, 'up')).rejects.toThrow(/cannot read the CA file/);
  });

  it('reads gzip answers and refuses one over the byte limit', async () => {
    const c = createPrometheusClient(source({}), { maxAnswerBytes: 1024 * 1024 });
    expect(await c.query('gz', 1, 'gz')).toHaveLength(3);
    await expect(c.query('huge', 1, 'the sizes')).rejects.toThrow(/answered the sizes with more than the 1048576 bytes allowed/);
  });
});

describe('saved Prometheus source', () => {
  it('is kept across a reopen with its secrets as file paths, and removed with null', () => {
    const dir = join(tmp.dir, 'store');
    const first = openStateStore({ dataDir: dir });
    expect(first.settings.prometheusSource()).toBeNull();
    first.settings.setPrometheusSource(source({ mapping: { kind: 'label', label: 'nodename' } }));
    first.close();
    const second = openStateStore({ dataDir: dir });
    try {
      expect(second.settings.prometheusSource()).toMatchObject({ url: httpUrl, basicAuthFile: authFile, mapping: { kind: 'label', label: 'nodename' } });
      expect(() => second.settings.setPrometheusSource({ ...source({}), url: 'file:///etc/passwd' })).toThrow();
      second.settings.setPrometheusSource(null);
      expect(second.settings.prometheusSource()).toBeNull();
    } finally {
      second.close();
    }
  });
});

describe('fleet.prometheus.rows', () => {
  it('takes a one-shot source from the CLI only, and pages the reading of the saved one', async () => {
    const store = openStateStore({ dataDir: join(tmp.dir, 'store-rows') });
    try {
      const h = fleetPrometheusHandlers(new PrometheusFleetSource({ settings: store.settings, nodes: () => [], sshRows: () => [] }));
      const rows = h['fleet.prometheus.rows'] as (req: unknown, ctx: unknown) => Promise<{ url: string | null; total: number; rows: unknown[]; error: string | null }>;
      const req = { source: source({}), refresh: true, offset: 0, limit: 10 };
      await expect(rows(req, { frontDoor: 'websocket' })).rejects.toThrow(/for the CLI only/);
      expect((await rows(req, { frontDoor: 'cli' })).error).toBeNull();
      expect(await rows({ refresh: true, offset: 0, limit: 10 }, { frontDoor: 'websocket' })).toMatchObject({ url: null, total: 0, rows: [] });
      store.settings.setPrometheusSource(source({}));
      // The fake server answers the node_exporter jobs with one, and every other query with n0:9100's series:
      // one instance, up, with no filesystem.
      const page = await rows({ refresh: true, offset: 0, limit: 10 }, { frontDoor: 'websocket' });
      expect(page).toMatchObject({ url: httpUrl, error: null, total: 1, rows: [{ name: 'n0', source: 'prometheus', state: 'up', message: 'no filesystem reported' }] });
    } finally {
      store.close();
    }
  });
});
