// The preload exposes window.api and nothing else, and never hands the page an IpcRendererEvent (its
// `sender` is ipcRenderer itself, which would give the page raw IPC).
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_NCDU_EXPORT_CHANNEL, IPC_NCDU_IMPORT_CHANNEL, IPC_NCDU_PROGRESS_CHANNEL, type SpoolscopeApi } from '../../../src/shared/api';

const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  return {
    exposed,
    exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value),
    ipc: null as unknown as import('node:events').EventEmitter & { invoke: (...a: unknown[]) => Promise<unknown> },
  };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ipcRenderer = Object.assign(new Emitter(), { invoke: vi.fn(async (..._a: unknown[]) => ({ ok: true, result: { roots: [] } })) });
  fake.ipc = ipcRenderer;
  return { contextBridge: { exposeInMainWorld: vi.fn(fake.exposeInMainWorld) }, ipcRenderer };
});

let api: SpoolscopeApi;
beforeAll(async () => {
  await import('../../../src/preload/index');
  api = fake.exposed.get('api') as SpoolscopeApi;
});

describe('preload', () => {
  it('exposes exactly one key, api, with exactly invoke, subscribe and the ncdu transfers', async () => {
    const { contextBridge } = await import('electron');
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...fake.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'ncdu', 'subscribe']);
    expect(Object.keys(api.ncdu!).sort()).toEqual(['exportRoot', 'openExport']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.subscribe).toBe('function');
    // No ipcRenderer, no channel, no send anywhere on it.
    expect(Object.values(api).some((v) => v === fake.ipc)).toBe(false);
  });

  it('invokes through the one invoke channel with (method, request)', async () => {
    const result = await api.invoke('roots.list', { node: 'local' });
    expect(fake.ipc.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'roots.list', { node: 'local' });
    expect(result).toEqual({ ok: true, result: { roots: [] } });
  });

  it('turns a broken channel into an error value instead of a rejection', async () => {
    vi.mocked(fake.ipc.invoke).mockRejectedValueOnce(new Error('main went away'));
    expect(await api.invoke('roots.list', {})).toEqual({ ok: false, code: 'internal', message: 'IPC failed: main went away' });
  });

  it('gives the listener only the payload of its own event, and unsubscribes', () => {
    const listener = vi.fn();
    const off = api.subscribe('scan.progress', listener);
    const ipcEvent = { sender: fake.ipc, senderId: 0, ports: [] };
    const payload = { jobId: 'j1', root: '/var/log', state: 'running', filesSeen: 1, bytesSeen: 2, elapsedMs: 3, partial: false, errors: [], message: null };
    (fake.ipc as EventEmitter).emit(IPC_EVENT_CHANNEL, ipcEvent, 'scan.progress', payload);
    (fake.ipc as EventEmitter).emit(IPC_EVENT_CHANNEL, ipcEvent, 'some.other.event', { x: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);
    expect(listener.mock.calls[0]).not.toContain(ipcEvent);

    off();
    expect((fake.ipc as EventEmitter).listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    (fake.ipc as EventEmitter).emit(IPC_EVENT_CHANNEL, ipcEvent, 'scan.progress', payload);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("asks main for a transfer with (node, root) or nothing, never a file's bytes, and hears only its own progress", async () => {
    const progress = vi.fn();
    const ipcEvent = { sender: fake.ipc, senderId: 0, ports: [] };
    vi.mocked(fake.ipc.invoke).mockImplementationOnce(async () => {
      (fake.ipc as EventEmitter).emit(IPC_NCDU_PROGRESS_CHANNEL, ipcEvent, { transfer: 'import', bytes: 7 });
      (fake.ipc as EventEmitter).emit(IPC_NCDU_PROGRESS_CHANNEL, ipcEvent, { transfer: 'export', bytes: 9 });
      return { ok: true, result: null };
    });
    expect(await api.ncdu!.exportRoot('local', '/var/log', progress)).toEqual({ ok: true, result: null });
    expect(fake.ipc.invoke).toHaveBeenLastCalledWith(IPC_NCDU_EXPORT_CHANNEL, 'local', '/var/log');
    expect(progress.mock.calls).toEqual([[9]]);
    expect((fake.ipc as EventEmitter).listenerCount(IPC_NCDU_PROGRESS_CHANNEL)).toBe(0);
    vi.mocked(fake.ipc.invoke).mockRejectedValueOnce(new Error('main went away'));
    expect(await api.ncdu!.openExport(progress)).toEqual({ ok: false, code: 'internal', message: 'IPC failed: main went away' });
    expect(fake.ipc.invoke).toHaveBeenLastCalledWith(IPC_NCDU_IMPORT_CHANNEL);
    expect((fake.ipc as EventEmitter).listenerCount(IPC_NCDU_PROGRESS_CHANNEL)).toBe(0);
  });
});
