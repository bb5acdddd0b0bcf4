// known_hosts as OpenSSH reads it: plain names, `[host]:port`, comma lists, wildcards and negations,
// hashed `|1|salt|hash` names, and the @revoked / @cert-authority markers. Pure: callers read the files.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hostKeyType } from './hostKeyFingerprint';

export interface KnownHostEntry {
  file: string;
  /** 1-based line number, for messages that send the operator to the line. */
  line: number;
  marker: 'revoked' | 'cert-authority' | null;
  /** The host field as written: patterns, or one hashed name. */
  hosts: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { verdict: 'known'; entry: KnownHostEntry }
  | { verdict: 'unknown' }
  | { verdict: 'changed'; entry: KnownHostEntry }
  | { verdict: 'revoked'; entry: KnownHostEntry };

/** Bounded like everything else: a known_hosts file past this many lines is read up to here. */
export const MAX_KNOWN_HOSTS_LINES = 200_000;

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_KNOWN_HOSTS_LINES; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // a marker we do not know: OpenSSH skips the line too
    }
    if (fields.length < 3) continue;
    const [hosts, keyType, b64] = fields;
    if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) continue;
    out.push({ file, line: i + 1, marker, hosts, keyType, key: Buffer.from(b64, 'base64') });
  }
  return out;
}

/** The name OpenSSH looks a host up by: `host` on port 22, `[host]:port` otherwise. */
export function hostLookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's match_pattern: `*` any run, `?` one character, case-insensitive for host names. */
function wildcardMatch(name: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function hashedMatch(name: string, field: string): boolean {
  const parts = field.split('|');
  // |1|salt|hash: HMAC-SHA1 keyed with the salt over the lookup name.
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const want = Buffer.from(parts[3], 'base64');
  const got = createHmac('sha1', salt).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** True when the entry's host field names `lookup` (a negated pattern that matches rules the line out). */
export function entryMatchesHost(entry: KnownHostEntry, lookup: string): boolean {
  if (entry.hosts.startsWith('|')) return hashedMatch(lookup, entry.hosts);
  let matched = false;
  for (const p of entry.hosts.split(',')) {
    if (p.startsWith('!')) {
      if (wildcardMatch(lookup, p.slice(1))) return false;
    } else if (wildcardMatch(lookup, p)) matched = true;
  }
  return matched;
}

/** Key types on record for a host (not revoked, not CA lines): the algorithms to ask the server for. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const lookup = hostLookupName(host, port);
  return [...new Set(entries.filter((e) => e.marker === null && entryMatchesHost(e, lookup)).map((e) => e.keyType))];
}

/**
 * The verdict on the key a server offered. Revoked anywhere wins; a key on record for this host is known;
 * a host on record with other keys only has changed its key; a host on no line is unknown.
 * @cert-authority lines are not host keys: certificates are not offered by this client, so they are skipped.
 */
export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const lookup = hostLookupName(host, port);
  for (const e of entries) {
    if (e.marker === 'revoked' && e.key.equals(keyBlob)) return { verdict: 'revoked', entry: e };
  }
  let other: KnownHostEntry | null = null;
  const offeredType = hostKeyType(keyBlob);
  for (const e of entries) {
    if (e.marker !== null || !entryMatchesHost(e, lookup)) continue;
    if (e.key.equals(keyBlob)) return { verdict: 'known', entry: e };
    // Prefer naming a line with the same key type: that is the line the operator must look at.
    if (!other || (e.keyType === offeredType && other.keyType !== offeredType)) other = e;
  }
  return other ? { verdict: 'changed', entry: other } : { verdict: 'unknown' };
}

/** A known_hosts line for a newly trusted key. */
export function knownHostsLine(host: string, port: number, keyBlob: Buffer): string {
  return `${hostLookupName(host, port)} ${hostKeyType(keyBlob) ?? 'unknown'} ${keyBlob.toString('base64')}`;
}
