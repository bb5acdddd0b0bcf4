// Counting and limiting of a probe's output, shared by every transport.
import type { ExecLimits, LimitHit } from './transport';

export class OutputLimiter {
  bytes = 0;
  records = 0;
  hit: LimitHit | null = null;

  constructor(private readonly limits: ExecLimits) {}

  /** Returns the part of `chunk` within the limits; sets `hit` when a limit cut it. */
  admit(chunk: Buffer): Buffer {
    if (this.hit) return chunk.subarray(0, 0);
    let keep = chunk.length;
    const byteRoom = this.limits.maxBytes - this.bytes;
    if (keep > byteRoom) {
      keep = byteRoom;
      this.hit = 'bytes';
    }
    const term = this.limits.recordTerminator;
    let pos = chunk.indexOf(term, 0);
    while (pos !== -1 && pos < keep) {
      this.records++;
      if (this.records >= this.limits.maxRecords) {
        keep = pos + 1;
        this.hit = 'records';
        break;
      }
      pos = chunk.indexOf(term, pos + 1);
    }
    this.bytes += keep;
    return keep === chunk.length ? chunk : chunk.subarray(0, keep);
  }
}

/** Keeps the last `max` bytes of a stream, counting what it dropped. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 0) {
      const over = this.size - this.max;
      const first = this.chunks[0];
      if (first.length <= over) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(over);
        this.size -= over;
        this.dropped += over;
      }
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
