// Writes ncdu's JSON export (format 1.2, what `ncdu -o` writes and `ncdu -f` reads) from the scan probe's
// records as they stream: find lists a directory before its contents, depth first, so each record either
// stays in the open directory or closes directories until its parent is open again. An exact listing (every
// entry, no folding), bounded in memory by the depth. Names are written as their raw bytes, with only
// quotes, backslashes and control bytes escaped, as ncdu itself writes them.
import type { ScanRecord } from '../scan/scanRecordParser';

export class NcduWriteError extends Error {}

export interface NcduWriterOptions {
  /** The root's path on the node (raw bytes as latin1): the top directory's name. */
  root: string;
  progname: string;
  progver: string;
  /** Epoch seconds. */
  timestamp: number;
}

const HEX = '0123456789abcdef';

/** A JSON string of raw bytes (latin1 chars): quotes, backslashes and bytes below 0x20 escaped, the rest raw. */
export function jsonBytes(raw: string): Buffer {
  let out = '"';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else out += raw[i];
  }
  return Buffer.from(`${out}"`, 'latin1');
}

interface OpenDir {
  relPath: string;
  dev: number;
}

export class NcduWriter {
  private readonly open: OpenDir[] = [];
  private started = false;

  constructor(
    private readonly opts: NcduWriterOptions,
    private readonly out: (chunk: Buffer) => void,
  ) {}

  private entry(rec: ScanRecord, name: string, parentDev: number | null): Buffer {
    const fields: string[] = [];
    if (rec.type !== 'd' && rec.type !== 'f') fields.push('"notreg":true');
    fields.push(`"asize":${rec.size}`, `"dsize":${rec.blocks * 512}`);
    if (parentDev === null || rec.dev !== parentDev) fields.push(`"dev":${rec.dev}`);
    if (rec.type !== 'd' && rec.nlink > 1) fields.push(`"ino":${rec.ino}`, '"hlnkc":true', `"nlink":${rec.nlink}`);
    fields.push(`"mtime":${rec.mtime}`);
    return Buffer.concat([Buffer.from('{"name":'), jsonBytes(name), Buffer.from(`,${fields.join(',')}}`)]);
  }

  add(rec: ScanRecord): void {
    const rel = rec.dirPath === '' ? rec.name : `${rec.dirPath}/${rec.name}`;
    if (!this.started) {
      if (rel !== '' || rec.type !== 'd') throw new NcduWriteError('the listing does not start with its root directory');
      this.started = true;
      this.out(Buffer.from(`[1,2,${JSON.stringify({ progname: this.opts.progname, progver: this.opts.progver, timestamp: this.opts.timestamp })},\n[`));
      this.out(this.entry(rec, this.opts.root, null));
      this.open.push({ relPath: '', dev: rec.dev });
      return;
    }
    if (rel === '') throw new NcduWriteError('the root is listed twice');
    while (this.open.length > 0 && this.open[this.open.length - 1].relPath !== rec.dirPath) {
      this.open.pop();
      this.out(Buffer.from(']'));
    }
    const parent = this.open[this.open.length - 1];
    if (!parent) throw new NcduWriteError(`an entry outside the directories listed before it (not depth first): ${JSON.stringify(rel)}`);
    if (rec.type === 'd') {
      this.out(Buffer.concat([Buffer.from(',\n['), this.entry(rec, rec.name, parent.dev)]));
      this.open.push({ relPath: rel, dev: rec.dev });
    } else {
      this.out(Buffer.concat([Buffer.from(',\n'), this.entry(rec, rec.name, parent.dev)]));
    }
  }

  /** Closes every open directory and the export. */
  end(): void {
    if (!this.started) throw new NcduWriteError('nothing was listed');
    this.out(Buffer.from(`${']'.repeat(this.open.length)}]\n`));
    this.open.length = 0;
  }
}
