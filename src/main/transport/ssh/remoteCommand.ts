// The command line an SSH exec channel runs: constant text only. The probe script is our own fixed text,
// quoted once as an argument; every input (paths, pids) goes on stdin, never into this line.

import { PID_LINE_PREFIX } from './probePreamble';
import { lengthFramed } from '../transport';

/** The shell's first word on stderr: its pid (probePreamble.ts reads it). */
const SAY_PID = `echo "${PID_LINE_PREFIX}$$" >&2`;

/**
 * The same line, also saying who the shell runs as (probePreamble.ts reads it), so the node's identity comes
 * with a probe instead of a session of its own. The name is checked here too (only plain name characters, at
 * most 64), so the line stays one line whatever the name service returns; an empty field means unknown.
 * Two forks of `id` (a few ms), so a cold probe asks only while the registry still wants the answer.
 */
const SAY_PID_AND_LOGIN = [
  'who_u=$(id -u 2>/dev/null); who_n=$(id -un 2>/dev/null)',
  "case $who_u in ''|*[!0-9]*) who_u=;; esac",
  "case $who_n in ''|*[!A-Za-z0-9._@-]*) who_n=;; esac",
  '[ ${#who_n} -le 64 ] || who_n=',
  `echo "${PID_LINE_PREFIX}$$ uid:$who_u user:$who_n" >&2`,
].join('\n');

/**
 * Runs the probe ($1) in the background of a small shell that waits for it, so that a TERM (a limit hit,
 * a cancel) reaches a shell that can still act: it kills the whole process group (find, xargs, sleep ...),
 * not just itself; sshd starts each session in its own process group. The TERM comes from a second
 * channel (killCommand) because OpenSSH refuses channel signal requests for root logins, so the shell
 * first tells us its pid on stderr.
 * fd 3 carries stdin past the rule that gives background jobs /dev/null.
 */
function bootstrap(sayLogin: boolean): string {
  return [
    'LC_ALL=C; export LC_ALL',
    sayLogin ? SAY_PID_AND_LOGIN : SAY_PID,
    "trap 'kill -KILL 0' TERM HUP INT",
    'exec 3<&0',
    '/bin/sh -c "$1" spoolscope-probe <&3 3<&- &',
    'wait $!',
  ].join('\n');
}
const BOOTSTRAP = bootstrap(false);
const BOOTSTRAP_SAYING_LOGIN = bootstrap(true);

/**
 * The same, started before its probe is known (a warm channel hides sshd's session setup, a fork and two
 * shells, from the next command): stdin begins with one line giving the script's length in bytes, then the
 * script (our constant text, exactly as the argument would carry it), then the probe's inputs. dd reads
 * exactly that many bytes (fullblock), so the inputs stay on stdin for the probe. It always says who it runs
 * as: it does so while it waits for a script, off the probe's path.
 */
const LOADER = [
  'LC_ALL=C; export LC_ALL',
  SAY_PID_AND_LOGIN,
  "trap 'kill -KILL 0' TERM HUP INT",
  'IFS= read -r n || exit 0',
  "case $n in ''|*[!0-9]*) exit 2;; esac",
  's=$(dd bs="$n" count=1 iflag=fullblock 2>/dev/null; echo x); s=${s%x}',
  'exec 3<&0',
  '/bin/sh -c "$s" spoolscope-probe <&3 3<&- &',
  'wait $!',
].join('\n');

export function remoteLoaderCommand(sudo: boolean): string {
  return `exec ${sudo ? 'sudo -n ' : ''}/bin/sh -c ${shellQuote(LOADER)} spoolscope-loader`;
}

/** What a warm channel's stdin starts with, before the probe's own inputs. */
export function loaderPreamble(script: string): Buffer {
  return lengthFramed(Buffer.from(script, 'utf8'));
}

/** POSIX single-quoting of constant text. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `sayLogin`: the pid line also says who the shell runs as (SAY_PID_AND_LOGIN). */
export function remoteProbeCommand(script: string, sudo: boolean, sayLogin = false): string {
  // sudo -n: never prompt; a user who may not sudo gets an error at once (and the node is marked partial).
  return `exec ${sudo ? 'sudo -n ' : ''}/bin/sh -c ${shellQuote(sayLogin ? BOOTSTRAP_SAYING_LOGIN : BOOTSTRAP)} spoolscope-boot ${shellQuote(script)}`;
}

/** Sends TERM to the bootstrap whose pid arrives on stdin (digits only, checked again on the node). */
const KILL_SCRIPT = `read -r p; case $p in ''|*[!0-9]*) exit 2;; esac; kill -TERM "$p"`;

export function remoteKillCommand(sudo: boolean): string {
  return `exec ${sudo ? 'sudo -n ' : ''}/bin/sh -c ${shellQuote(KILL_SCRIPT)}`;
}
