// classifyFile once per name shape rather than once per file: a segment directory holds thousands of names that
// differ only in their digits (seg-0000001.log, seg-0000002.log, ...), and the patterns cost more than the files.
import { classifyFile, type FileClass } from './partitionPatterns';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;

/**
 * Same length, every char equal, except digits in a run with no letter on either side, which may differ.
 * The patterns in partitionPatterns.ts hold literal digits only right after a letter (sqlite3, db3, s3db, bz2,
 * lz4), and every character class there holds all ten digits or none; so two names of one shape match the
 * same patterns with the same capture spans. A digit run that touches a letter (db3, event_1f) must be equal.
 */
export function sameShape(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  let checkedTo = 0;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (!isDigit(x) || !isDigit(y)) return false;
    if (i < checkedTo) continue;
    // The run's ends, in a (outside the run a and b agree, or a later char returns false).
    let s = i;
    while (s > 0 && isDigit(a.charCodeAt(s - 1))) s--;
    let e = i + 1;
    while (e < n && isDigit(a.charCodeAt(e))) e++;
    if ((s > 0 && isLetter(a.charCodeAt(s - 1))) || (e < n && isLetter(a.charCodeAt(e)))) return false;
    checkedTo = e;
  }
  return true;
}

/** Remembers the last name's class; a run of names of one shape is classified by the patterns once. */
export class FileClassMemo {
  private lastName = '';
  private last: FileClass | null = null;
  /** The last group key was the name's first `keyPrefix` chars and then `keySuffix` (-1: the whole name). */
  private keyPrefix = -1;
  private keySuffix = '';

  classify(name: string): FileClass {
    const last = this.last;
    if (last !== null && sameShape(name, this.lastName)) {
      const groupKey = this.keyPrefix === -1 ? name : name.slice(0, this.keyPrefix) + this.keySuffix;
      return last.storeHint === undefined ? { groupKey, partition: last.partition } : { groupKey, partition: last.partition, storeHint: last.storeHint };
    }
    const cls = classifyFile(name);
    this.lastName = name;
    this.last = cls;
    if (cls.groupKey === name) {
      this.keyPrefix = -1;
    } else {
      // A captured prefix of the name (SQLite's base, a Kafka segment's offset) and the pattern's own text (".log"),
      // which holds no digit, so where it first differs from the name is the same for every name of this shape.
      let p = 0;
      const key = cls.groupKey;
      while (p < key.length && p < name.length && key.charCodeAt(p) === name.charCodeAt(p)) p++;
      this.keyPrefix = p;
      this.keySuffix = key.slice(p);
    }
    return cls;
  }
}
