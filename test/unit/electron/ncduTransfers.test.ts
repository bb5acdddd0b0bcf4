// Export… and Open ncdu export… in Electron (issue 19): the main process picks the path in its own dialog and
// reads or writes the file itself; the page only sends (node, root) or nothing and hears progress and the
// result. A failed export leaves no file under the chosen name; a refused sender never sees a dialog.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => {
  throw new Error('ncduTransfers must not import electron at runtime');
});

import { IPC_NCDU_EXPORT_CHANNEL, IPC_NCDU_IMPORT_CHANNEL, IPC_NCDU_PROGRESS_CHANNEL } from '../../../src/shared/api';
import { createNcduTransfers, exportFileName, registerNcduTransfers, type NcduTransferDeps } from '../../../src/main/electron/ncduTransfers';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('ncdu-transfers');
afterAll(() => tmp.cleanup());

const event = { sender: 'ours', senderFrame: { url: 'file:///app/index.html', parent: null } };
const sent: unknown[][] = [];
const contents = { send: (...a: unknown[]) => sent.push(a), isDestroyed: () => false };
let saveTo: string | undefined;
let openPath: string | undefined;
const dialog = {
  showSaveDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: saveTo === undefined, filePath: saveTo })),
  showOpenDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: openPath === undefined, filePaths: openPath ? [openPath] : [] })),
};

function deps(backend: Partial<NcduTransferDeps['backend']>, trusted = true): NcduTransferDeps {
  return {
    dialog: dialog as never,
    backend: {
      importNcdu: async () => ({ jobId: 'j', label: 'import:x', root: '/r', storedScanId: 1 }),
      exportNcdu: async () => ({ partial: false }),
      ...backend,
    },
    isTrustedSender: (e) => trusted && e.sender === 'ours',
    getWindow: () => null,
    getWebContents: () => contents as never,
    // Every progress figure is sent: the clock moves a second per read.
    now: (() => {
      let t = 0;
      return () => (t += 1000);
    })(),
  };
}

let dir: string;
beforeEach(() => {
  sent.length = 0;
  dialog.showSaveDialog.mockClear();
  dialog.showOpenDialog.mockClear();
  dir = join(tmp.dir, String(Math.random()).slice(2));
  mkdirSync(dir);
  saveTo = join(dir, 'log.ncdu.json');
  openPath = undefined;
});

describe('Export… in Electron', () => {
  it('writes the export where the dialog says, chunk by chunk, with progress, and answers where and how much', async () => {
    const t = createNcduTransfers(
      deps({
        exportNcdu: async (node, root, write) => {
          expect([node, root]).toEqual(['local', '/var/log']);
          await write(Buffer.from('[1,2,'));
          await write(Buffer.from('{"progname":"x"}]'));
          return { partial: true };
        },
      }),
    );
    const r = await t.exportRoot(event, 'local', '/var/log');
    expect(r).toEqual({ ok: true, result: { path: saveTo, bytes: 22, partial: true } });
    expect(readFileSync(saveTo!, 'utf8')).toBe('[1,2,{"progname":"x"}]');
    expect(readdirSync(dir)).toEqual(['log.ncdu.json']);
    expect(sent.filter((s) => s[0] === IPC_NCDU_PROGRESS_CHANNEL).map((s) => s[1])).toEqual([
      { transfer: 'export', bytes: 5 },
      { transfer: 'export', bytes: 22 },
      { transfer: 'export', bytes: 22 },
    ]);
    expect(dialog.showSaveDialog.mock.calls[0][0]).toMatchObject({ defaultPath: 'log.ncdu.json' });
  });

  it('leaves nothing under the chosen name when the export fails half way, and keeps a file already there', async () => {
    writeFileSync(saveTo!, 'an older good export');
    const t = createNcduTransfers(
      deps({
        exportNcdu: async (_n, _r, write) => {
          await write(Buffer.from('[1,2,'));
          throw new Error('the node went away');
        },
      }),
    );
    expect(await t.exportRoot(event, 'local', '/var/log')).toEqual({ ok: false, code: 'io_error', message: 'the node went away' });
    expect(readFileSync(saveTo!, 'utf8')).toBe('an older good export');
    expect(readdirSync(dir)).toEqual(['log.ncdu.json']);
  });

  it('says a path it cannot write (no such directory) as an error, even when the export wrote nothing yet', async () => {
    saveTo = join(dir, 'missing', 'log.ncdu.json');
    const silent = createNcduTransfers(deps({ exportNcdu: async () => new Promise((done) => setTimeout(() => done({ partial: false }), 20)) }));
    expect(await silent.exportRoot(event, 'local', '/var/log')).toMatchObject({ ok: false, code: 'io_error', message: expect.stringContaining('ENOENT') });
    const writing = createNcduTransfers(deps({ exportNcdu: async (_n, _r, write) => (await write(Buffer.from('[')), { partial: false }) }));
    expect(await writing.exportRoot(event, 'local', '/var/log')).toMatchObject({ ok: false, code: 'io_error' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('answers null when the dialog is cancelled, and runs nothing', async () => {
    saveTo = undefined;
    const exportNcdu = vi.fn(async () => ({ partial: false }));
    expect(await createNcduTransfers(deps({ exportNcdu })).exportRoot(event, 'local', '/var/log')).toEqual({ ok: true, result: null });
    expect(exportNcdu).not.toHaveBeenCalled();
  });

  it('refuses a stranger, a relative or NUL-bearing root and a non-string node before any dialog', async () => {
    const t = createNcduTransfers(deps({}));
    expect(await createNcduTransfers(deps({}, false)).exportRoot(event, 'local', '/var/log')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.exportRoot(event, 'local', 'var/log')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await t.exportRoot(event, 'local', '/var/\0log')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await t.exportRoot(event, 42, '/var/log')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('runs one export at a time: a second while one is written is refused as a limit', async () => {
    let release!: () => void;
    const t = createNcduTransfers(deps({ exportNcdu: () => new Promise((done) => (release = () => done({ partial: false }))) }));
    const first = t.exportRoot(event, 'local', '/var/log');
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    expect(await t.exportRoot(event, 'local', '/var/log')).toMatchObject({ ok: false, code: 'limit' });
    release();
    expect(await first).toMatchObject({ ok: true });
  });

  it("names the offered file after the root's last part, hostile characters replaced", () => {
    expect(exportFileName('/var/log')).toBe('log.ncdu.json');
    expect(exportFileName('/')).toBe('root.ncdu.json');
    expect(exportFileName('/srv/$(rm -rf)/x y"\n')).toBe('x_y__.ncdu.json');
  });
});

describe('Open ncdu export… in Electron', () => {
  it("streams the picked file's bytes into the reader from main, under its base name, with progress", async () => {
    openPath = join(dir, 'web-7.json.gz');
    const bytes = Buffer.alloc(200 * 1024, 7);
    writeFileSync(openPath, bytes);
    let read = Buffer.alloc(0);
    const t = createNcduTransfers(
      deps({
        importNcdu: async (body, fileName) => {
          for await (const chunk of body) read = Buffer.concat([read, chunk]);
          expect(fileName).toBe('web-7.json.gz');
          return { jobId: 'j9', label: 'import:web-7.json.gz', root: '/var/log', storedScanId: 3 };
        },
      }),
    );
    const r = await t.openExport(event);
    expect(r).toEqual({ ok: true, result: { file: 'web-7.json.gz', jobId: 'j9', label: 'import:web-7.json.gz', root: '/var/log', storedScanId: 3 } });
    expect(read.equals(bytes)).toBe(true);
    const progress = sent.filter((s) => s[0] === IPC_NCDU_PROGRESS_CHANNEL).map((s) => (s[1] as { bytes: number }).bytes);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.length).toBeGreaterThan(1);
  });

  it("says the reader's refusal as a bad request, and a directory is not opened", async () => {
    openPath = join(dir, 'bad.json');
    writeFileSync(openPath, 'not json');
    const refusing = createNcduTransfers(
      deps({
        importNcdu: async (body) => {
          for await (const _ of body) void _;
          throw Object.assign(new Error('not an ncdu export'), { code: 'bad_request' });
        },
      }),
    );
    expect(await refusing.openExport(event)).toEqual({ ok: false, code: 'bad_request', message: 'not an ncdu export' });
    openPath = dir;
    expect(await createNcduTransfers(deps({})).openExport(event)).toMatchObject({ ok: false, code: 'bad_request' });
  });

  it('answers null on cancel and refuses a stranger without a dialog', async () => {
    expect(await createNcduTransfers(deps({})).openExport(event)).toEqual({ ok: true, result: null });
    dialog.showOpenDialog.mockClear();
    expect(await createNcduTransfers(deps({}, false)).openExport(event)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });
});

describe('registration', () => {
  it('handles both channels on ipcMain and removes them', async () => {
    const handlers = new Map<string, (...a: unknown[]) => unknown>();
    const ipcMain = { handle: vi.fn((c: string, h: (...a: unknown[]) => unknown) => handlers.set(c, h)), removeHandler: vi.fn((c: string) => handlers.delete(c)) };
    const dispose = registerNcduTransfers(ipcMain as never, deps({}));
    expect([...handlers.keys()].sort()).toEqual([IPC_NCDU_EXPORT_CHANNEL, IPC_NCDU_IMPORT_CHANNEL].sort());
    saveTo = undefined;
    expect(await handlers.get(IPC_NCDU_EXPORT_CHANNEL)!(event, 'local', '/var/log')).toEqual({ ok: true, result: null });
    dispose();
    expect(handlers.size).toBe(0);
    expect(existsSync(join(dir, 'log.ncdu.json'))).toBe(false);
  });
});
