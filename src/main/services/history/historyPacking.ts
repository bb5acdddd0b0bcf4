// A scan's history entries as kept in the state store: the codec's bytes (core/history/historyCodec.ts),
// deflated. Unpacking is bounded: a corrupt or foreign buffer must not inflate without end.
import { deflateSync, inflateSync } from 'node:zlib';
import { decodeHistory, encodeHistory } from '../../core/history/historyCodec';
import type { HistoryEntries } from '../../core/history/historyEntries';

/** 200,000 entries of PATH_MAX paths would be 800 MB; real ones are a few MB. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

export function packHistory(entries: HistoryEntries): Buffer {
  return deflateSync(encodeHistory(entries));
}

export function unpackHistory(packed: Buffer): HistoryEntries {
  let raw: Buffer;
  try {
    raw = inflateSync(packed, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new Error(`a stored scan cannot be read (${(err as Error).message})`, { cause: err });
  }
  return decodeHistory(raw);
}
