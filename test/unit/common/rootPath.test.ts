import { describe, expect, it } from 'vitest';
import { posix } from 'node:path';
import { normalizeRootPath, normalizeRootPathLenient } from '../../../src/shared/rootPath';
import { RpcError } from '../../../src/shared/rpcResult';

describe('normalizeRootPath: one spelling of a root for the store, the scope checks and the renderer', () => {
  it('drops trailing and repeated slashes and "." segments, resolves "..", keeps "/"', () => {
    expect(normalizeRootPath('/var//log/./')).toBe('/var/log');
    expect(normalizeRootPath('/var/log///')).toBe('/var/log');
    expect(normalizeRootPath('/var/log/app/../spool')).toBe('/var/log/spool');
    expect(normalizeRootPath('/')).toBe('/');
    expect(normalizeRootPath('//')).toBe('/');
    expect(normalizeRootPath('/../..')).toBe('/');
  });

  it('spells absolute paths as node:path posix.normalize does, minus the trailing slash', () => {
    const hostile = ['/a b/c', '/x/$(id)/', "/q'uote/\"d\"", '/-rf/./--', '/new\nline//', '/é/../ü', '/a/./b/../../c/', '/.../..a/a..'];
    for (const p of hostile) {
      const expected = posix.normalize(p);
      expect(normalizeRootPath(p)).toBe(expected.length > 1 && expected.endsWith('/') ? expected.slice(0, -1) : expected);
    }
  });

  it('strict: refuses a relative path or a NUL as a bad_request', () => {
    for (const p of ['relative/dir', '', './x', 'var/log/', '/var/log\0/x']) {
      expect(() => normalizeRootPath(p)).toThrow(RpcError);
      expect(() => normalizeRootPath(p)).toThrow(/root must be an absolute path/);
    }
  });

  it('lenient: the same spelling for an absolute path, a relative one as it is', () => {
    expect(normalizeRootPathLenient('/var/log/')).toBe('/var/log');
    expect(normalizeRootPathLenient('/var//log/./app')).toBe('/var/log/app');
    expect(normalizeRootPathLenient('logs/core/')).toBe('logs/core/');
    expect(normalizeRootPathLenient('')).toBe('');
  });
});
