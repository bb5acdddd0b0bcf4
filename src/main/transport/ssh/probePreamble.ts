// The one line a probe's shell prints on stderr before the probe starts (remoteCommand.ts): its pid, so a
// limit or cancel can stop the remote process group, and, when asked, who it runs as, so a node's identity
// costs no session of its own. Everything here is node output: bounded, validated, never put in a command.

/** What starts our line; the login shell may print noise before it, also on the same line. */
export const PID_LINE_PREFIX = 'spoolscope-pid:';

/** Who the shell that runs the probe is, as `id -u` and `id -un` said on the node. */
export interface LoginIdentity {
  uid: number;
  /** null when the name did not resolve or is not a plain name (shown as "uid N" instead). */
  user: string | null;
}

export interface PreambleLine {
  pid: number;
  /** null when the line said nothing usable about the login (no `id` on the node, or a garbled line). */
  login: LoginIdentity | null;
}

/** A user name fit to print in a message: the portable name characters plus `@` (directory logins). */
const PLAIN_USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const MAX_UID = 0xffff_ffff;

export function isPlainUserName(name: string): boolean {
  return PLAIN_USER_NAME.test(name);
}

/**
 * Reads what follows PID_LINE_PREFIX on our line: `PID`, or `PID uid:UID user:NAME` (either field may be
 * empty). Returns null when it is not our line (no pid, another shape); a pid whose uid does not read is
 * still the pid, without a login, and a name that is not plain leaves the uid alone.
 */
export function parsePreambleLine(afterPrefix: string): PreambleLine | null {
  const m = /^(\d{1,10})(?: uid:(\S*) user:(.*))?$/s.exec(afterPrefix);
  if (!m) return null;
  const pid = Number(m[1]);
  if (pid === 0) return null;
  return { pid, login: m[2] === undefined ? null : parseLogin(m[2], m[3]) };
}

function parseLogin(uidText: string, name: string): LoginIdentity | null {
  if (!/^\d{1,10}$/.test(uidText)) return null;
  const uid = Number(uidText);
  if (uid > MAX_UID) return null;
  return { uid, user: isPlainUserName(name) ? name : null };
}

/** Our line is short; anything longer is not ours (a pid, a uid and a name of at most 64 characters). */
const MAX_PID_LINE = 128;
/** What a login shell may print before our first line (rc files, banners) and still be looked past. */
const MAX_LOGIN_NOISE = 64 * 1024;

/**
 * Splits our line off the front of stderr; the rest is the probe's own stderr. The login shell runs the
 * user's rc files before our bootstrap (bash does for ssh commands), and what they print comes first: it is
 * looked past, or the pid would be lost and a limit could not stop the remote process group. If no line of
 * ours comes at all (sudo refused, no /bin/sh), what was held back is the stderr.
 */
export class PidLineReader {
  pid: number | null = null;
  /** Who the shell runs as, when our line said (see PreambleLine.login). */
  login: LoginIdentity | null = null;
  /** Bytes the login shell printed before our pid line, dropped (rc-file noise is not the probe's). */
  loginNoiseBytes = 0;
  private head: Buffer | null = Buffer.alloc(0);
  private held: Buffer[] = [];

  constructor(
    private readonly onRest: (b: Buffer) => void,
    /** Called once, as soon as our line has been read. */
    private readonly onLine: (line: PreambleLine) => void = () => {},
  ) {}

  push(chunk: Buffer): void {
    if (this.head === null) return this.onRest(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    for (;;) {
      const nl = this.head.indexOf(10);
      if (nl === -1) {
        if (this.loginNoiseBytes + this.head.length > MAX_LOGIN_NOISE) this.giveUp();
        return;
      }
      const line = this.head.subarray(0, nl).toString('latin1');
      // Noise without a final newline runs into our line: the prefix may start mid-line.
      const at = line.lastIndexOf(PID_LINE_PREFIX);
      const parsed = at !== -1 && line.length - at <= MAX_PID_LINE ? parsePreambleLine(line.slice(at + PID_LINE_PREFIX.length)) : null;
      if (parsed) {
        this.pid = parsed.pid;
        this.login = parsed.login;
        this.loginNoiseBytes += at;
        const rest = this.head.subarray(nl + 1);
        this.head = null;
        this.held = [];
        this.onLine(parsed);
        if (rest.length > 0) this.onRest(rest);
        return;
      }
      this.held.push(this.head.subarray(0, nl + 1));
      this.loginNoiseBytes += nl + 1;
      this.head = this.head.subarray(nl + 1);
      if (this.loginNoiseBytes > MAX_LOGIN_NOISE) return this.giveUp();
    }
  }

  /** The channel ended: without a pid line, everything held back was the command's own stderr. */
  finish(): void {
    if (this.head !== null) this.giveUp();
  }

  private giveUp(): void {
    const all = Buffer.concat([...this.held, this.head ?? Buffer.alloc(0)]);
    this.head = null;
    this.held = [];
    this.loginNoiseBytes = 0;
    if (all.length > 0) this.onRest(all);
  }
}
