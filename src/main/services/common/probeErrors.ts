// Turns a probe's stderr and exit into one sentence an operator can act on.
import type { ExecOutcome } from '../../transport/transport';

const ROOT_ERRORS: Record<string, string> = {
  'not-found': 'does not exist',
  unreachable: 'is behind a directory this user cannot search (try a user with access)',
  'not-a-directory': 'is not a directory',
  unreadable: 'is not readable by this user (try a user with access, or sudo mode when it exists)',
};

/** The code of a probe's "spoolscope-error: CODE" line, if it wrote one. */
function refusalCode(outcome: ExecOutcome): string | null {
  return /^spoolscope-error: (\S+)/m.exec(outcome.stderr)?.[1] ?? null;
}

/** The probe's own refusal of its input, e.g. a root that does not exist. */
export function probeRefusal(outcome: ExecOutcome): string | null {
  const code = refusalCode(outcome);
  return code === null ? null : (ROOT_ERRORS[code] ?? code);
}

const LANE_ERRORS: Record<string, string> = {
  'no-dd-fullblock':
    "the node's dd cannot read whole blocks (dd iflag=fullblock: coreutils has it, an old busybox does not), so a scan lane could not take its directories; install coreutils on the node",
  'not-found': 'the root went away during the scan',
  'bad-batch': 'a scan lane was sent a batch it could not read',
};

/** The node cannot run a scan lane at all (its dd cannot frame batches): a scan lists it in one stream. */
export function laneUnavailable(outcome: ExecOutcome): boolean {
  return refusalCode(outcome) === 'no-dd-fullblock';
}

/** Why a scan lane refused or stopped, in a sentence; null when it said nothing. */
export function laneRefusal(outcome: ExecOutcome): string | null {
  const code = refusalCode(outcome);
  return code === null ? null : (LANE_ERRORS[code] ?? `a scan lane stopped: ${code}`);
}

/** find/df complaints, one per line, bounded. */
export function probeWarnings(outcome: ExecOutcome, max = 20): string[] {
  const lines = outcome.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('spoolscope-error:'));
  const out = lines.slice(0, max);
  if (lines.length > max || outcome.stderrDroppedBytes > 0) out.push(`(more messages not shown)`);
  return out;
}

export function limitMessage(outcome: ExecOutcome): string | null {
  switch (outcome.limitHit) {
    case 'bytes':
      return `stopped at the output limit after ${outcome.stdoutBytes} bytes: the result is partial`;
    case 'records':
      return 'stopped at the record limit: the result is partial';
    case 'time':
      return 'stopped at the time limit: the result is partial';
    case 'cancelled':
      return 'cancelled: the result is partial';
    default:
      return null;
  }
}
