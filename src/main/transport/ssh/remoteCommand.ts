// The command line an SSH exec channel runs: constant text only. The probe script is our own fixed text,
// quoted once as an argument; every input (paths, pids) goes on stdin, never into this line.

/**
 * Runs the probe ($1) in the background of a small shell that waits for it, so that a TERM (a limit hit,
 * a cancel) reaches a shell that can still act: it kills the whole process group (find, xargs, sleep ...),
 * not just itself; sshd starts each session in its own process group. The TERM comes from a second
 * channel (killCommand) because OpenSSH refuses channel signal requests for root logins, so the shell
 * first tells us its pid on stderr. fd 3 carries stdin past the rule that gives background jobs /dev/null.
 */
export const PID_LINE_PREFIX = 'spoolscope-pid:';
const BOOTSTRAP = [
  'LC_ALL=C; export LC_ALL',
  `echo "${PID_LINE_PREFIX}$$" >&2`,
  "trap 'kill -KILL 0' TERM HUP INT",
  'exec 3<&0',
  '/bin/sh -c "$1" spoolscope-probe <&3 3<&- &',
  'wait $!',
].join('\n');

/** POSIX single-quoting of constant text. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function remoteProbeCommand(script: string, sudo: boolean): string {
  // sudo -n: never prompt; a user who may not sudo gets an error at once (and the node is marked partial).
  return `exec ${sudo ? 'sudo -n ' : ''}/bin/sh -c ${shellQuote(BOOTSTRAP)} spoolscope-boot ${shellQuote(script)}`;
}

/** Sends TERM to the bootstrap whose pid arrives on stdin (digits only, checked again on the node). */
const KILL_SCRIPT = `read -r p; case $p in ''|*[!0-9]*) exit 2;; esac; kill -TERM "$p"`;

export function remoteKillCommand(sudo: boolean): string {
  return `exec ${sudo ? 'sudo -n ' : ''}/bin/sh -c ${shellQuote(KILL_SCRIPT)}`;
}
