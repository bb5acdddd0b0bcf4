// Each command the transport runs is bounded: bytes, records, time; a cancel ends it; stderr is a bounded tail.
import { describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { DEFAULT_LIMITS, nulInput, type ExecLimits } from '../../../src/main/transport/transport';

const t = new LocalTransport();

async function drain(script: string, limits: Partial<ExecLimits>, stdin = Buffer.alloc(0), signal?: AbortSignal) {
  const h = t.exec(script, stdin, { ...DEFAULT_LIMITS, ...limits }, signal);
  let bytes = 0;
  for await (const c of h.stdout) bytes += c.length;
  return { bytes, outcome: await h.outcome };
}

describe('local transport limits', () => {
  it('ends a command that prints forever at the byte limit', async () => {
    const { bytes, outcome } = await drain('yes spoolscope', { maxBytes: 1_000_000 });
    expect(bytes).toBe(1_000_000);
    expect(outcome.limitHit).toBe('bytes');
  });

  it('ends a command at the record limit, on a record boundary', async () => {
    const { bytes, outcome } = await drain('yes abc', { maxRecords: 1000, recordTerminator: 10 });
    expect(bytes).toBe(4000);
    expect(outcome.limitHit).toBe('records');
  });

  it('ends a command that never answers at the time limit, with its children', async () => {
    const started = Date.now();
    const { outcome } = await drain('sleep 30 & sleep 30; wait', { timeoutMs: 300 });
    expect(outcome.limitHit).toBe('time');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops a command when the caller aborts, and says it was cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const { outcome } = await drain('while :; do sleep 0.05; done', {}, Buffer.alloc(0), ac.signal);
    expect(outcome.limitHit).toBe('cancelled');
  });

  it('keeps only the tail of a flood on stderr and counts what it dropped', async () => {
    const { outcome } = await drain('yes err | head -c 200000 >&2', { maxStderrBytes: 1024 });
    expect(outcome.stderr.length).toBe(1024);
    expect(outcome.stderrDroppedBytes).toBe(200_000 - 1024);
    expect(outcome.limitHit).toBeNull();
  });

  it('passes inputs on stdin, NUL-separated, never as shell text', async () => {
    const marker = `/tmp/spoolscope-pwned-${process.pid}`;
    const h = t.exec('xargs -0 -n1 printf "%s|"', nulInput([`$(touch ${marker})`, '-rf', 'a\nb']), DEFAULT_LIMITS);
    const chunks: Buffer[] = [];
    for await (const c of h.stdout) chunks.push(c);
    await h.outcome;
    expect(Buffer.concat(chunks).toString()).toBe(`$(touch ${marker})|-rf|a\nb|`);
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });
});
