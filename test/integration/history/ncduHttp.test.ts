// The browser's way to ncdu exports, through the real `npm run serve` process: an export uploaded over HTTP
// with the token (streamed, gzip'd here) becomes a scan the contract reads by job id, and a root's export is
// downloaded as the probe lists it, one ncdu reads back. Without the token, from another origin, or not an
// export: refused.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir';
import { startServe, type ServeProcess } from '../../support/serveProcess';
import { connectWs } from '../../support/wsClient';

const tmp = makeTempDir('ncdu-http');
const root = join(tmp.dir, 'spool');
let serve: ServeProcess;
const base = () => `http://127.0.0.1:${serve.port}`;

beforeAll(async () => {
  mkdirSync(join(root, 'logs/2026/120'), { recursive: true });
  writeFileSync(join(root, 'logs/2026/120/app.log'), Buffer.alloc(100 * 1024, 1));
  // Raw bytes: \xff is no UTF-8.
  writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from('odd\n\xff"name', 'latin1')]), 'x');
  serve = await startServe(join(tmp.dir, 'data'));
}, 60_000);
afterAll(async () => {
  await serve?.stop();
  tmp.cleanup();
});

describe('ncdu exports over HTTP', () => {
  it('imports an uploaded gzip export as a scan read by its job id, under its label', async () => {
    const dump = join(tmp.dir, 'dump.json');
    execFileSync('ncdu', ['-0', '-x', '-o', dump, root]);
    const res = await fetch(`${base()}/api/import-ncdu?token=${serve.token}&name=dump.json.gz&label=edge7`, { method: 'POST', body: gzipSync(readFileSync(dump)) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; result: { jobId: string; label: string; root: string } };
    expect(body.result).toMatchObject({ label: 'import:edge7', root });
    const ws = await connectWs(serve.wsUrl);
    const summary = (await ws.call('scan.summary', { jobId: body.result.jobId })) as { ok: boolean; result: { allocatedBytes: number; imported: { file: string } } };
    ws.close();
    expect(summary.result.allocatedBytes).toBe(Number(execFileSync('du', ['-sk', root]).toString().split('\t')[0]) * 1024);
    expect(summary.result.imported.file).toBe('dump.json.gz');
  });

  it('downloads a root as an export ncdu reads', async () => {
    const res = await fetch(`${base()}/api/export-ncdu?token=${serve.token}&root=${encodeURIComponent(root)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="spool.ncdu.json"');
    const file = join(tmp.dir, 'download.json');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const back = spawnSync('ncdu', ['-0', '-f', file, '-o', '-'], { encoding: 'latin1' });
    expect(back.status).toBe(0);
    expect(back.stdout).toContain('"name":"odd\\n\xff\\"name"');
  });

  it('refuses no token, another origin, a body that is no export and a relative root', async () => {
    expect((await fetch(`${base()}/api/import-ncdu`, { method: 'POST', body: '[]' })).status).toBe(401);
    const foreign = await fetch(`${base()}/api/import-ncdu?token=${serve.token}`, { method: 'POST', body: '[]', headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const junk = await fetch(`${base()}/api/import-ncdu?token=${serve.token}&name=x.json`, { method: 'POST', body: '{"no":1}' });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as { message: string }).message).toMatch(/not an ncdu export/);
    expect((await fetch(`${base()}/api/export-ncdu?token=${serve.token}&root=spool`)).status).toBe(400);
    expect((await fetch(`${base()}/api/export-ncdu?token=${serve.token}&root=${encodeURIComponent(join(tmp.dir, 'nope'))}`)).status).toBe(404);
  });
});
