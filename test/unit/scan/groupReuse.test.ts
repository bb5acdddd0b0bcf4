// Folded groups are reused for the next files kept one by one (so a million segments leave no dead objects in
// V8's old space). A reused group must carry nothing of the file it held before: checked here against the
// records themselves, on seeded random streams that fold both ways (the partition budget, a directory's plain
// files) many times over.
import { describe, expect, it } from 'vitest';
import { ScanTree, PLAIN_FOLD_AT, type FileGroup } from '../../../src/main/core/scan/scanTree';
import { classifyFile } from '../../../src/main/core/common/partitionPatterns';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0) / 1000;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

interface Truth {
  allocated: number;
  apparent: number;
  files: number;
  mtimes: Set<number>;
  names: Set<string>;
  link: boolean;
}

/** A stream of directories of Kafka segments with indexes, rotated logs, plain files, links and a day of SQLite. */
function stream(seed: number): ScanRecord[] {
  const r = rng(seed);
  let ino = 10;
  const out: ScanRecord[] = [];
  const rec = (relPath: string, over: Partial<ScanRecord> = {}): ScanRecord => ({
    dev: 1,
    ino: ino++,
    type: 'f',
    size: Math.floor(r() * 100_000),
    blocks: 8 * Math.floor(r() * 40),
    nlink: 1,
    mtime: NOW - Math.floor(r() * 400) * 86_400 - Math.floor(r() * 86_400),
    ...splitRelPath(relPath),
    ...over,
  });
  out.push(rec('', { type: 'd' }));
  for (let d = 0; d < 6; d++) {
    const dir = `spool${d}`;
    out.push(rec(dir, { type: 'd' }));
    const files: ScanRecord[] = [];
    for (let i = 0; i < 120; i++) {
      const base = String(i * 4096).padStart(20, '0');
      files.push(rec(`${dir}/${base}.log`));
      if (r() < 0.5) files.push(rec(`${dir}/${base}.index`));
      files.push(rec(`${dir}/app.log.${i + 1}`));
    }
    for (let i = 0; i < PLAIN_FOLD_AT + 150; i++) files.push(rec(`${dir}/event-${i}.json`));
    for (let i = 0; i < 20; i++) files.push(rec(`${dir}/link-${i}.log.1`, { type: 'l', blocks: 0, size: 10 }));
    // Directory order is arbitrary: a group's files need not be next to each other.
    for (let i = files.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [files[i], files[j]] = [files[j], files[i]];
    }
    out.push(...files);
  }
  out.push(rec('db', { type: 'd' }), rec('db/2026', { type: 'd' }), rec('db/2026/120', { type: 'd' }));
  for (let i = 0; i < PLAIN_FOLD_AT + 50; i++) {
    out.push(rec(`db/2026/120/part-${i}.sqlite`));
    if (r() < 0.7) out.push(rec(`db/2026/120/part-${i}.sqlite-wal`));
  }
  return out;
}

function truthOf(records: ScanRecord[]): Map<string, Truth> {
  const truth = new Map<string, Truth>();
  for (const rec of records) {
    if (rec.type === 'd' || rec.name === '') continue;
    const link = rec.type === 'l';
    const key = `${rec.dirPath}\0${link ? rec.name : classifyFile(rec.name).groupKey}`;
    let t = truth.get(key);
    if (!t) truth.set(key, (t = { allocated: 0, apparent: 0, files: 0, mtimes: new Set(), names: new Set(), link }));
    t.allocated += rec.blocks * 512;
    t.apparent += rec.size;
    t.files++;
    t.mtimes.add(rec.mtime);
    t.names.add(rec.name);
  }
  return truth;
}

describe('folded groups reused for later files', () => {
  it('a reused group holds only files of its own name: totals, mtimes, members and link flag from its records alone', () => {
    let reused = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const records = stream(seed);
      const truth = truthOf(records);
      const tree = new ScanTree({ partitionBudget: 15, nowSec: NOW });
      const seen = new Map<FileGroup, string>();
      for (const rec of records) {
        tree.add(rec);
        // A group object met again under another name was reused after a fold.
        for (const dir of [tree.root, ...tree.root.dirs.values()]) {
          const g = dir.groups.get(rec.name);
          if (!g) continue;
          const prev = seen.get(g);
          if (prev !== undefined && prev !== `${dir.relPath}\0${g.name}`) reused++;
          seen.set(g, `${dir.relPath}\0${g.name}`);
        }
      }
      tree.computeTotals();
      const ids = new Set<number>();
      const problems: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(what);
      };
      const visit = (dir: typeof tree.root) => {
        check(!ids.has(dir.id), `dir id ${dir.id} twice`);
        ids.add(dir.id);
        for (const g of dir.groups.values()) {
          const at = `seed ${seed} ${dir.relPath}/${g.name}`;
          const t = truth.get(`${dir.relPath}\0${g.name}`);
          if (!t) {
            problems.push(`${at}: no such file`);
            continue;
          }
          check(!ids.has(g.id), `${at}: id ${g.id} twice`);
          ids.add(g.id);
          check(g.link === t.link, `${at}: link ${g.link}`);
          check(g.files > 0 && g.files <= t.files, `${at}: ${g.files} files of ${t.files}`);
          check(g.allocatedBytes <= t.allocated && g.apparentBytes <= t.apparent, `${at}: more bytes than its files`);
          check(t.mtimes.has(g.newestMtime!) && t.mtimes.has(g.oldestMtime!), `${at}: an mtime none of its files has`);
          check(g.partition === (g.link ? null : classifyFile(g.name).partition), `${at}: kind ${g.partition}`);
          if (g.partition === 'sqlite') check(g.members!.every((m) => t.names.has(m)), `${at}: members ${g.members}`);
          else check(g.members === null, `${at}: members ${g.members}`);
          // A group whose files all came has exactly their sums.
          if (g.files === t.files) check(g.allocatedBytes === t.allocated && g.apparentBytes === t.apparent, `${at}: sums`);
        }
        for (const b of dir.buckets?.values() ?? []) {
          check(!ids.has(b.id), `bucket id ${b.id} twice`);
          ids.add(b.id);
        }
        for (const child of dir.dirs.values()) visit(child);
      };
      visit(tree.root);
      expect(problems).toEqual([]);
      let allocated = 0;
      let files = 0;
      for (const rec of records) {
        allocated += rec.blocks * 512;
        if (rec.type !== 'd' && rec.name !== '') files++;
      }
      expect(tree.root.totals.allocatedBytes).toBe(allocated);
      expect(tree.root.totals.files).toBe(files);
    }
    // The streams do exercise reuse, many times.
    expect(reused).toBeGreaterThan(300);
  });
});
