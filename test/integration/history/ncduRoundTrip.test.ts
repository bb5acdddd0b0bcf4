// ncdu's export format both ways, against Debian's ncdu binary: its dump read by us with totals equal to du
// (gzip'd or not), our export read back by `ncdu -0 -f FILE -o OUT` with every name, asize and dsize equal to
// ncdu's own dump of the same tree, hostile names included; imports under one label diff like live scans.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, linkSync, mkdirSync, openSync, closeSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir';
import { cliPath, runCli } from '../../support/cli';
import { NcduReader } from '../../../src/main/core/history/ncduReader';
import { readNcduExport } from '../../../src/main/services/history/ncduImport';

const tmp = makeTempDir('ncdu');
const root = join(tmp.dir, 'spool');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') };
const HOSTILE = ['new\nline', 'quote"s \'both\'', '$(touch pwned)', '-rf', '--help', 'back\\slash', 'tab\there', 'bad\xff\xfeutf8', 'ctl\x01\x7f', 'é ü 😀'];

function nameBuf(name: string): Buffer {
  // Hostile names with invalid UTF-8 are made from their raw bytes.
  return /[\xfe\xff]/.test(name) ? Buffer.from(name, 'latin1') : Buffer.from(name, 'utf8');
}
const at = (...parts: (string | Buffer)[]) => Buffer.concat(parts.flatMap((p, i) => [...(i ? [Buffer.from('/')] : []), typeof p === 'string' ? Buffer.from(p) : p]));

interface Listed {
  path: string;
  asize: number;
  dsize: number;
}

/** Every entry of an export by its raw path, with asize and dsize as written (absent = 0). */
function listing(file: string): Listed[] {
  const out: Listed[] = [];
  const r = new NcduReader((rec) => out.push({ path: `${rec.dirPath}/${rec.name}`, asize: rec.size, dsize: rec.blocks * 512 }));
  r.push(readFileSync(file));
  r.end();
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const du = (flag: string) => Number(execFileSync('du', [flag, '--one-file-system', root]).toString().split('\t')[0]);

beforeAll(() => {
  mkdirSync(join(root, 'logs/2026/120'), { recursive: true });
  mkdirSync(join(root, 'logs/2026/121'), { recursive: true });
  mkdirSync(join(root, 'wal'));
  writeFileSync(join(root, 'logs/2026/120/app.log'), Buffer.alloc(300 * 1024, 1));
  writeFileSync(join(root, 'logs/2026/121/app.log'), Buffer.alloc(40 * 1024, 2));
  for (let i = 1; i <= 3; i++) writeFileSync(join(root, `wal/seg-00000${i}.log`), Buffer.alloc(i * 8192, 3));
  linkSync(join(root, 'wal/seg-000001.log'), join(root, 'hardlink-to-seg'));
  symlinkSync('wal/seg-000002.log', join(root, 'link'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  // A sparse file: allocated and apparent differ.
  const fd = openSync(join(root, 'sparse.img'), 'w');
  closeSync(fd);
  execFileSync('truncate', ['-s', '10M', join(root, 'sparse.img')]);
  const hostileDir = at(root, nameBuf('dir\n"$(x)"'));
  mkdirSync(hostileDir);
  for (const n of HOSTILE) {
    writeFileSync(at(root, nameBuf(n)), Buffer.alloc(5000, 4));
    writeFileSync(at(hostileDir, nameBuf(n)), Buffer.alloc(100, 5));
  }
}, 60_000);
afterAll(() => tmp.cleanup());

describe('ncdu -> spoolscope', () => {
  it("reads ncdu's own dump, plain and gzip'd, with totals equal to du's", () => {
    const dump = join(tmp.dir, 'ncdu-dump.json');
    execFileSync('ncdu', ['-0', '-x', '-o', dump, root]);
    writeFileSync(`${dump}.gz`, gzipSync(readFileSync(dump)));
    for (const file of [dump, `${dump}.gz`]) {
      const r = runCli(['scan', '--from-ncdu', file, '--json'], env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.root).toBe(root);
      expect(s.allocatedBytes).toBe(du('-sk') * 1024);
      expect(s.apparentBytes).toBe(du('-sb'));
      expect(s.partitions.map((p: { path: string; kind: string }) => `${p.kind} ${p.path}`).sort()).toEqual(['day logs/2026/120', 'day logs/2026/121', 'segment wal/seg-000001.log', 'segment wal/seg-000002.log', 'segment wal/seg-000003.log']);
      expect(s.imported).toMatchObject({ label: `import:${file.split('/').pop()}`, actionsDisabled: expect.stringContaining('not scanned live') });
    }
  });

  it('keeps imports under their label, so two exports of one node diff like two scans', () => {
    const before = join(tmp.dir, 'before.json');
    const after = join(tmp.dir, 'after.json');
    execFileSync('ncdu', ['-0', '-x', '-o', before, root]);
    // ncdu's timestamp is in seconds: the second export must be a later second.
    execFileSync('sleep', ['1.1']);
    appendFileSync(join(root, 'logs/2026/121/app.log'), Buffer.alloc(1024 * 1024, 6));
    execFileSync('ncdu', ['-0', '-x', '-o', after, root]);
    expect(runCli(['scan', '--from-ncdu', before, '--label', 'db7', '--json'], env).status).toBe(0);
    expect(runCli(['scan', '--from-ncdu', after, '--label', 'db7', '--json'], env).status).toBe(0);
    const r = runCli(['diff', root, '--node', 'import:db7', '--json'], env);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.entries[0]).toMatchObject({ path: 'logs', kind: 'dir', change: 'grew' });
    expect(d.entries.find((e: { path: string }) => e.path === 'logs/2026/121')).toMatchObject({ kind: 'day', change: 'grew', deltaBytes: 1024 * 1024 });
    // Nothing runs on an import: the label is no node, and the reason is said.
    for (const args of [['plan', root, '--node', 'import:db7'], ['scan', root, '--node', 'import:db7'], ['diff', root, '--rescan', '--node', 'import:db7']]) {
      const refused = runCli(args, env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/import:db7 is (imported from an ncdu export, not scanned live|an import)/);
    }
  });

  it('refuses what is no ncdu export with one line, and a gzip bomb past the bound', async () => {
    const junk = join(tmp.dir, 'junk.json');
    writeFileSync(junk, '{"not":"ncdu"}');
    const r = runCli(['scan', '--from-ncdu', junk], env);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not an ncdu export/);
    expect(runCli(['scan', '--from-ncdu', join(tmp.dir, 'missing.json')], env).stderr).toMatch(/does not exist/);
    // 64 MiB of zeros gzip to 64 KiB: the bound counts what it inflates to.
    const bomb = gzipSync(Buffer.concat([Buffer.from('[1,2,{},'), Buffer.alloc(64 * 1024 * 1024, 0x20)]));
    await expect(readNcduExport(Readable.from([bomb]), 8 * 1024 * 1024)).rejects.toThrow(/larger than 8 MiB once decompressed/);
  });
});

describe('spoolscope -> ncdu', () => {
  it("writes an export ncdu reads back with every name, asize and dsize of ncdu's own dump", () => {
    const ours = join(tmp.dir, 'ours.json');
    const back = join(tmp.dir, 'ncdu-read-ours.json');
    const theirs = join(tmp.dir, 'theirs.json');
    const fd = openSync(ours, 'w');
    const r = spawnSync(process.execPath, [cliPath, 'export-ncdu', root], { env: { ...process.env, ...env }, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ncdu = spawnSync('ncdu', ['-0', '-f', ours, '-o', back], { encoding: 'utf8' });
    expect(ncdu.status).toBe(0);
    execFileSync('ncdu', ['-0', '-x', '-o', theirs, root]);
    const mine = listing(ours);
    expect(listing(back)).toEqual(mine);
    expect(mine).toEqual(listing(theirs));
    const paths = mine.map((e) => Buffer.from(e.path, 'latin1'));
    for (const n of HOSTILE) expect(paths.some((p) => p.equals(Buffer.concat([Buffer.from('/'), nameBuf(n)])))).toBe(true);
  });

  it('refuses a missing root with one line and writes nothing', () => {
    const r = runCli(['export-ncdu', join(tmp.dir, 'nope')], env);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`spoolscope: ${join(tmp.dir, 'nope')} does not exist`);
    expect(r.stdout).toBe('');
  });
});
