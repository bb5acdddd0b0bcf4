// known_hosts parsing and verdicts, checked against OpenSSH's own tools (ssh-keygen -H hashes, -l fingerprints).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryMatchesHost, knownHostsLine, knownKeyTypes, parseKnownHosts, verifyHostKey } from '../../../src/main/transport/ssh/knownHosts';
import { hostKeyFingerprint, hostKeyType } from '../../../src/main/transport/ssh/hostKeyFingerprint';
import { keygenFingerprint, makeClientKey } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('knownhosts');
afterAll(() => tmp.cleanup());

function key(name: string): { blob: Buffer; b64: string; type: string; pub: string } {
  const k = makeClientKey(tmp.dir, name);
  const [type, b64] = k.publicKeyLine.split(' ');
  return { blob: Buffer.from(b64, 'base64'), b64, type, pub: `${k.identityFile}.pub` };
}

const a = key('a');
const b = key('b');

describe('host key fingerprint', () => {
  it('prints SHA256 fingerprints exactly as ssh-keygen -lf does', () => {
    expect(hostKeyFingerprint(a.blob)).toBe(keygenFingerprint(a.pub));
    expect(hostKeyFingerprint(a.blob)).not.toMatch(/=$/);
    expect(hostKeyType(a.blob)).toBe('ssh-ed25519');
  });
});

describe('known_hosts verdicts', () => {
  it('knows a plain host on port 22 and a [host]:port entry, and not the same host on another port', () => {
    const entries = parseKnownHosts(`db1.example ${a.type} ${a.b64}\n[db1.example]:2222 ${b.type} ${b.b64}\n`, 'kh');
    expect(verifyHostKey(entries, 'db1.example', 22, a.blob).verdict).toBe('known');
    expect(verifyHostKey(entries, 'db1.example', 2222, b.blob).verdict).toBe('known');
    expect(verifyHostKey(entries, 'db1.example', 2200, a.blob).verdict).toBe('unknown');
  });

  it('matches comma lists, wildcards and negations as OpenSSH does', () => {
    const entries = parseKnownHosts(`web*.example,!web9.example,10.0.0.5 ${a.type} ${a.b64}\n`, 'kh');
    expect(verifyHostKey(entries, 'web1.example', 22, a.blob).verdict).toBe('known');
    expect(verifyHostKey(entries, '10.0.0.5', 22, a.blob).verdict).toBe('known');
    expect(verifyHostKey(entries, 'web9.example', 22, a.blob).verdict).toBe('unknown');
    expect(entryMatchesHost(entries[0], 'WEB2.EXAMPLE')).toBe(true);
  });

  it('reads hashed |1| names written by ssh-keygen -H, including [host]:port ones', () => {
    const file = join(tmp.dir, 'hashed');
    writeFileSync(file, `node7.example ${a.type} ${a.b64}\n[127.0.0.1]:2022 ${b.type} ${b.b64}\n`);
    const r = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('node7.example');
    expect(text.split('\n').filter((l) => l.startsWith('|1|'))).toHaveLength(2);
    const entries = parseKnownHosts(text, file);
    expect(verifyHostKey(entries, 'node7.example', 22, a.blob).verdict).toBe('known');
    expect(verifyHostKey(entries, '127.0.0.1', 2022, b.blob).verdict).toBe('known');
    expect(verifyHostKey(entries, 'node8.example', 22, a.blob).verdict).toBe('unknown');
  });

  it('calls a different key for a host on record changed, and names the file and line to look at', () => {
    const entries = parseKnownHosts(`# comment\n\nother ${b.type} ${b.b64}\n[127.0.0.1]:2022 ${a.type} ${a.b64}\n`, '/home/op/.ssh/known_hosts');
    const v = verifyHostKey(entries, '127.0.0.1', 2022, b.blob);
    expect(v.verdict).toBe('changed');
    if (v.verdict !== 'changed') throw new Error('unreachable');
    expect(v.entry.file).toBe('/home/op/.ssh/known_hosts');
    expect(v.entry.line).toBe(4);
  });

  it('refuses a key marked @revoked for any host, and does not take @cert-authority lines as host keys', () => {
    const entries = parseKnownHosts(`@revoked * ${a.type} ${a.b64}\nnode ${a.type} ${a.b64}\n@cert-authority node ${b.type} ${b.b64}\n`, 'kh');
    expect(verifyHostKey(entries, 'node', 22, a.blob).verdict).toBe('revoked');
    // The CA key is not a host key: the host has no plain line for b, but it has one for a, so b is "changed".
    expect(verifyHostKey(entries, 'node', 22, b.blob).verdict).toBe('changed');
    expect(verifyHostKey(parseKnownHosts(`@cert-authority node ${b.type} ${b.b64}\n`, 'kh'), 'node', 22, b.blob).verdict).toBe('unknown');
  });

  it('skips malformed lines and unknown markers instead of failing the whole file', () => {
    const entries = parseKnownHosts(`garbage\n@weird host ${a.type} ${a.b64}\nhost ${a.type} not*base64\nhost ${a.type} ${a.b64}\n`, 'kh');
    expect(entries).toHaveLength(1);
    expect(entries[0].line).toBe(4);
  });

  it('lists the key types on record for a host, so the handshake asks for one we can verify', () => {
    const entries = parseKnownHosts(`h ${a.type} ${a.b64}\n[h]:2 ssh-rsa AAAA\n`, 'kh');
    expect(knownKeyTypes(entries, 'h', 22)).toEqual(['ssh-ed25519']);
    expect(knownKeyTypes(entries, 'h', 23)).toEqual([]);
  });

  it('writes a line that it (and OpenSSH) reads back as known', () => {
    const line = knownHostsLine('127.0.0.1', 2022, a.blob);
    expect(line).toBe(`[127.0.0.1]:2022 ${a.type} ${a.b64}`);
    const file = join(tmp.dir, 'written');
    writeFileSync(file, line + '\n');
    expect(verifyHostKey(parseKnownHosts(readFileSync(file, 'utf8'), file), '127.0.0.1', 2022, a.blob).verdict).toBe('known');
    const found = spawnSync('ssh-keygen', ['-F', '[127.0.0.1]:2022', '-f', file], { encoding: 'utf8' });
    expect(found.status).toBe(0);
  });
});
