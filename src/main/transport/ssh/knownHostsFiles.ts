// Reading and appending known_hosts files (the I/O half of knownHosts.ts).
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseKnownHosts, type KnownHostEntry } from './knownHosts';

/** A known_hosts file larger than this is read up to here; real ones are kilobytes. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Every entry of the files that exist; a missing file is simply empty. */
export function loadKnownHosts(files: readonly string[]): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    let text: string;
    try {
      const size = statSync(f).size;
      if (size <= MAX_FILE_BYTES) text = readFileSync(f, 'utf8');
      else {
        const buf = Buffer.alloc(MAX_FILE_BYTES);
        const fd = openSync(f, 'r');
        try {
          readSync(fd, buf, 0, MAX_FILE_BYTES, 0);
        } finally {
          closeSync(fd);
        }
        text = buf.toString('utf8');
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`cannot read known_hosts file ${f}: ${(err as Error).message}`, { cause: err });
    }
    out.push(...parseKnownHosts(text, f));
  }
  return out;
}

/** Appends one line, starting a new line first when the file does not end with one. */
export function appendKnownHost(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = readFileSync(file);
    if (text.length > 0 && text[text.length - 1] !== 0x0a) prefix = '\n';
  } catch {
    // new file
  }
  appendFileSync(file, `${prefix}${line}\n`, { mode: 0o600 });
}
