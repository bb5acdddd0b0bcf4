// "user@host:port" as the CLI's --ssh and a node's jump host write it: one reading for both. IPv6 in
// brackets ("user@[fd00::1]:2222"); the port defaults to 22; the user may be optional (a jump host falls
// back to the node's own user).

export interface SshTarget {
  user: string | null;
  host: string;
  port: number;
}

const TARGET = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/;

/** The parts of `text`, or why it is not a target (for the caller's own message). */
export function parseSshTarget(text: string, userRequired: boolean): SshTarget | { error: string } {
  const m = TARGET.exec(text);
  if (!m) return { error: 'not USER@HOST[:PORT]' };
  if (userRequired && m[1] === undefined) return { error: 'the USER@ part is missing' };
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) return { error: `port ${port} is out of range` };
  return { user: m[1] ?? null, host: m[2].replace(/^\[|\]$/g, ''), port };
}
