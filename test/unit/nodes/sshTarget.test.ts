// One reading of "user@host:port" for the CLI's --ssh and a node's jump host.
import { describe, expect, it } from 'vitest';
import { parseSshTarget } from '../../../src/main/nodes/sshTarget';

describe('ssh target', () => {
  it('reads user, host and port, with 22 by default and IPv6 in brackets', () => {
    expect(parseSshTarget('root@db7', true)).toEqual({ user: 'root', host: 'db7', port: 22 });
    expect(parseSshTarget('root@db7:2222', true)).toEqual({ user: 'root', host: 'db7', port: 2222 });
    expect(parseSshTarget('ops@[fd00::1]:2200', true)).toEqual({ user: 'ops', host: 'fd00::1', port: 2200 });
  });

  it('lets a jump host leave out the user, and --ssh not', () => {
    expect(parseSshTarget('bastion:2022', false)).toEqual({ user: null, host: 'bastion', port: 2022 });
    expect(parseSshTarget('bastion', true)).toEqual({ error: 'the USER@ part is missing' });
  });

  it('refuses ports out of range, spaces, empty text and stray colons', () => {
    expect(parseSshTarget('a@b:0', true)).toEqual({ error: 'port 0 is out of range' });
    expect(parseSshTarget('a@b:70000', true)).toEqual({ error: 'port 70000 is out of range' });
    for (const bad of ['', 'a b@c', 'a@b c', 'a@b:', 'a@fd00::1', 'a@@b', 'a@b:22:33']) expect(parseSshTarget(bad, false)).toHaveProperty('error');
  });
});
