// Helper processes a test starts: each is supervised, so one afterAll(stopAllHolders) ends every one
// still running, whichever suite or helper module started it.
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

/**
 * Tracks a helper process so stopAllHolders reaches it; returns its idempotent stop (SIGKILL by pid,
 * resolved once it has exited).
 */
export function superviseChild(child: ChildProcess): () => Promise<void> {
  live.add(child);
  let stopped: Promise<void> | null = null;
  return () =>
    (stopped ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        resolve();
      }
    }).finally(() => live.delete(child)));
}

/** Kills every helper this process started and has not stopped yet (for afterAll). */
export async function stopAllHolders(): Promise<void> {
  await Promise.all([...live].map((c) => superviseChild(c)()));
}
