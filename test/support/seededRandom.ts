// Seeded randomness for the adversarial suite (test/safety): the same seed draws the same trees, the same
// adversary and the same set points, so a failing seed replays exactly with SPOOLSCOPE_SAFETY_SEED=N.
import { mulberry32 } from './mulberry32';


function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class Rng {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }

  /**
   * An independent stream for one part of a run (the tree, the adversary): a draw added to one part does not
   * shift what the others draw, so a seed keeps meaning the same case as the generator grows.
   */
  fork(label: string): Rng {
    return new Rng(hash32(`${this.seed}/${label}`));
  }

  float(): number {
    return this.next();
  }

  /** lo..hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Up to n distinct items, in a drawn order. */
  some<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, n));
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i += 4) {
      const v = Math.floor(this.next() * 4294967296);
      for (let k = 0; k < 4 && i + k < n; k++) b[i + k] = (v >>> (8 * k)) & 0xff;
    }
    return b;
  }
}

export const DEFAULT_SEED_COUNT = 50;
export const FULL_SEED_COUNT = 2000;

export interface SeedSelection {
  seeds: number[];
  /** 'default' (npm test), 'full' (npm run test:safety), 'replay' (SPOOLSCOPE_SAFETY_SEED). */
  mode: 'default' | 'full' | 'replay';
}

/**
 * Which seeds this run covers: SPOOLSCOPE_SAFETY_SEED=N (or N,M,...) replays those; SPOOLSCOPE_SAFETY=full
 * runs 1..2000, SPOOLSCOPE_SAFETY=<count> runs 1..count; otherwise 1..50. The default set is the head of the
 * full one, so a seed found in either replays the same way.
 */
export function safetySeeds(env: NodeJS.ProcessEnv = process.env): SeedSelection {
  const replay = env.SPOOLSCOPE_SAFETY_SEED?.trim();
  if (replay) {
    const seeds = replay.split(',').map((s) => Number(s.trim()));
    if (seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new Error(`SPOOLSCOPE_SAFETY_SEED must be seeds (N or N,M,...), not ${JSON.stringify(replay)}`);
    return { seeds, mode: 'replay' };
  }
  const level = env.SPOOLSCOPE_SAFETY?.trim();
  const count = level === 'full' ? FULL_SEED_COUNT : level && /^\d+$/.test(level) ? Number(level) : DEFAULT_SEED_COUNT;
  return { seeds: Array.from({ length: count }, (_, i) => i + 1), mode: level === 'full' || (level && /^\d+$/.test(level)) ? 'full' : 'default' };
}

/** Seeds run over SSH by `npm test`: the whole default set, once (the issue asks for it; about a minute). */
export const SSH_DEFAULT_SEED_COUNT = DEFAULT_SEED_COUNT;

/**
 * The seeds of the runs over SSH (the executors are the same script, so these check the transport, not new
 * trees): the replayed ones; otherwise the default set, 1..50, once, also under SPOOLSCOPE_SAFETY=full.
 * SPOOLSCOPE_SAFETY_SSH=<count> picks another count (10 for a quicker local loop).
 */
export function sshSafetySeeds(env: NodeJS.ProcessEnv = process.env): SeedSelection {
  const sel = safetySeeds(env);
  if (sel.mode === 'replay') return sel;
  const asked = env.SPOOLSCOPE_SAFETY_SSH?.trim();
  const count = asked && /^\d+$/.test(asked) ? Number(asked) : sel.mode === 'full' ? DEFAULT_SEED_COUNT : SSH_DEFAULT_SEED_COUNT;
  return { seeds: Array.from({ length: count }, (_, i) => i + 1), mode: sel.mode };
}

/** The command that replays one seed of one suite file. */
export function replayCommand(seed: number, testFile: string): string {
  return `SPOOLSCOPE_SAFETY_SEED=${seed} npx vitest run --project safety ${testFile}`;
}
