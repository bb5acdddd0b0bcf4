// The in-process held reader is slow for its first scans (V8 compiles its stat loop only after several),
// so a few bounded scans run soon after start-up, not during it, and the first scan an operator asks for
// is not the one that pays for the compiling.
import { contract } from '../../../shared/contract';
import type { HeldScanner } from './heldScanner';

/** After start-up work, not during it: the warm-up is a few hundred ms of CPU in two threads. */
export const HELD_WARM_UP_DELAY_MS = 1_500;

export interface HeldWarmUp {
  cancel(): void;
}

export function scheduleHeldWarmUp(scanner: HeldScanner, node: string, scans: number, onError: (message: string) => void): HeldWarmUp {
  const run = async () => {
    const report = await scanner.warmUp(node, scans);
    // The dispatcher checks each response against its schema; zod compiles that check on first use.
    if (report) contract['held.scan'].response.safeParse(report);
  };
  const timer = setTimeout(() => run().catch((err: Error) => onError(`held reader warm-up stopped: ${err.message}`)), HELD_WARM_UP_DELAY_MS);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}
