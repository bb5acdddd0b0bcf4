// Reads an ncdu export (gzip'd or not) into a ScanTree, as a live scan's probe stream would fill it. Bounded:
// at most 1 GiB of export after decompression (a gzip bomb stops there), read as it streams.
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { NcduReader, type NcduMetadata, type NcduStats } from '../../core/history/ncduReader';
import { ScanTree } from '../../core/scan/scanTree';

export const NCDU_MAX_BYTES = 1024 * 1024 * 1024;

export class NcduImportError extends Error {}

export interface NcduImport {
  tree: ScanTree;
  /** The root's path as the export names it (raw bytes as latin1). */
  rootPath: string;
  metadata: NcduMetadata | null;
  stats: NcduStats;
  /** The export was gzip'd. */
  gzip: boolean;
}

/** The chunks of `source` past `max` bytes are refused: empty gzip members inflate to nothing, without end. */
async function* boundedInput(source: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of source) {
    n += chunk.length;
    if (n > max) throw new NcduImportError(`the ncdu export file is larger than ${Math.round(max / 1024 / 1024)} MiB: refused`);
    yield chunk;
  }
}

/** The chunks of `source`, gunzipped when they start with gzip's magic bytes. */
async function* plain(input: AsyncIterable<Buffer>, onGzip: () => void, max: number): AsyncGenerator<Buffer> {
  const it = boundedInput(input, max)[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.length < 2) {
    // Too short to tell yet: join it with the next chunk.
    const next = await it.next();
    if (next.done) break;
    first = { done: false, value: Buffer.concat([first.value, next.value]) };
  }
  if (first.done) return;
  const rest = async function* () {
    yield first.value as Buffer;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  };
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield* rest();
    return;
  }
  onGzip();
  const gunzip = Readable.from(rest()).pipe(createGunzip());
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    gunzip.destroy();
  }
}

export async function readNcduExport(source: AsyncIterable<Buffer>, maxBytes = NCDU_MAX_BYTES): Promise<NcduImport> {
  const tree = new ScanTree();
  const reader = new NcduReader((rec) => tree.add(rec));
  let gzip = false;
  let bytes = 0;
  try {
    for await (const chunk of plain(source, () => (gzip = true), maxBytes)) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new NcduImportError(`the ncdu export is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB${gzip ? ' once decompressed' : ''}: refused`);
      reader.push(chunk);
    }
    reader.end();
  } catch (err) {
    if (err instanceof NcduImportError) throw err;
    const what = (err as NodeJS.ErrnoException).code?.startsWith('Z_') ? `its gzip data is corrupt (${(err as Error).message})` : (err as Error).message;
    throw new NcduImportError(`cannot read the ncdu export: ${what}`, { cause: err });
  }
  return { tree, rootPath: reader.rootPath!, metadata: reader.metadata, stats: reader.stats, gzip };
}
