// The IPC host: only our window's top frame showing our own file may call; every argument goes through the
// contract's schemas; refusals come back as values; hub events reach the window on the event channel.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => {
  throw new Error('ipcHost must not import electron at runtime');
});

import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/api';
import { createDispatcher, type Handlers } from '../../../src/main/rpc/dispatcher';
import { createEventHub } from '../../../src/main/rpc/eventHub';
import { createIpcInvokeHandler, createTrustedSenderCheck, registerIpcHost, type InvokeEventLike } from '../../../src/main/electron/ipcHost';

const appUrl = 'file:///opt/spoolscope/out/renderer/index.html';
const ourContents = { id: 1, send: vi.fn(), isDestroyed: () => false };
const trusted = createTrustedSenderCheck(() => ourContents as never, appUrl);

function event(overrides: Partial<InvokeEventLike> = {}): InvokeEventLike {
  return { sender: ourContents, senderFrame: { url: appUrl, parent: null }, ...overrides };
}

// A fake backend: just enough handlers to see what reaches them.
const seen: unknown[] = [];
const dispatcher = createDispatcher({
  'roots.list': (req) => {
    seen.push(req);
    return { roots: [{ path: '/var/log', addedAt: 0, isDefault: true }] };
  },
  'roots.add': (req) => {
    seen.push(req);
    return { roots: [{ path: req.path, addedAt: 1, isDefault: false }] };
  },
} as Partial<Handlers> as Handlers);
const handler = createIpcInvokeHandler(dispatcher, trusted);

describe('sender check', () => {
  it('refuses, as a value, calls from anything but our top frame showing our file', async () => {
    const strangers: [string, InvokeEventLike][] = [
      ['another web contents', event({ sender: { id: 2 } })],
      ['a sub frame', event({ senderFrame: { url: appUrl, parent: {} } })],
      ['a frame that navigated away', event({ senderFrame: { url: 'https://evil.example/', parent: null } })],
      ['another local file', event({ senderFrame: { url: 'file:///tmp/x.html', parent: null } })],
      ['a destroyed frame', event({ senderFrame: null })],
    ];
    for (const [what, e] of strangers) {
      const result = await handler(e, 'roots.list', {});
      expect(result, what).toEqual({ ok: false, code: 'forbidden', message: expect.stringContaining('refused') });
    }
    expect(seen).toEqual([]);
  });

  it('refuses when the window is gone or the frame getter throws', async () => {
    const noWindow = createIpcInvokeHandler(dispatcher, createTrustedSenderCheck(() => null, appUrl));
    expect(await noWindow(event(), 'roots.list', {})).toMatchObject({ ok: false, code: 'forbidden' });
    const throwing = {
      sender: ourContents,
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(await handler(throwing, 'roots.list', {})).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('argument checks', () => {
  it('refuses bad arguments with bad_request and unknown methods with unknown_method, before any handler runs', async () => {
    seen.length = 0;
    expect(await handler(event(), 'roots.add', { path: 'relative/dir' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handler(event(), 'roots.add', { path: 42 })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handler(event(), 'roots.add', 'not an object')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handler(event(), 'roots.add', { path: '/a\0b' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handler(event(), '__proto__', {})).toMatchObject({ ok: false, code: 'unknown_method' });
    expect(await handler(event(), { toString: () => 'roots.list' }, {})).toMatchObject({ ok: false, code: 'unknown_method' });
    expect(seen).toEqual([]);
  });

  it('passes a valid call through to the dispatcher, with the contract defaults applied', async () => {
    seen.length = 0;
    expect(await handler(event(), 'roots.add', { path: '/srv/spool' })).toEqual({ ok: true, result: { roots: [{ path: '/srv/spool', addedAt: 1, isDefault: false }] } });
    expect(seen).toEqual([{ node: 'local', path: '/srv/spool' }]);
  });

  it('turns a dispatcher that throws into an internal error value', async () => {
    const broken = createIpcInvokeHandler({ call: () => Promise.reject(new Error('boom')) }, () => true);
    expect(await broken(event(), 'roots.list', {})).toEqual({ ok: false, code: 'internal', message: 'IPC call failed: boom' });
  });
});

describe('registerIpcHost', () => {
  it('handles the invoke channel, forwards hub events to the window, and undoes both', async () => {
    const handlers = new Map<string, (...a: unknown[]) => unknown>();
    const ipcMain = {
      handle: vi.fn((ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn)),
      removeHandler: vi.fn((ch: string) => handlers.delete(ch)),
    };
    const events = createEventHub();
    ourContents.send.mockClear();
    const dispose = registerIpcHost(ipcMain as never, dispatcher, events, trusted, () => ourContents as never);
    expect([...handlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    expect(await handlers.get(IPC_INVOKE_CHANNEL)!(event(), 'roots.list', {})).toMatchObject({ ok: true });

    const progress = { jobId: 'j1', root: '/var/log', state: 'running' as const, filesSeen: 3, bytesSeen: 10, elapsedMs: 5, partial: false, errors: [], message: null };
    events.emit('scan.progress', progress);
    expect(ourContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'scan.progress', progress);

    dispose();
    expect(handlers.size).toBe(0);
    events.emit('scan.progress', progress);
    expect(ourContents.send).toHaveBeenCalledTimes(1);
  });
});
