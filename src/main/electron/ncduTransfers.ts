// Export… and Open ncdu export… in Electron's window (issue 19): serve streams them over HTTP, Electron has no
// such server, so the main process asks for the path in its own dialog and reads or writes the file itself.
// The page only asks ("export root R of node N", "open an export") and hears progress and the result: a file's
// bytes never cross IPC, and the path it names is one the user picked in the dialog, never one the page sent.
import { createReadStream, createWriteStream, rmSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_NCDU_EXPORT_CHANNEL, IPC_NCDU_IMPORT_CHANNEL, IPC_NCDU_PROGRESS_CHANNEL, type NcduExported, type NcduOpened, type NcduProgress } from '../../shared/api';
import type { RpcResult } from '../../shared/rpcResult';
import type { IsTrustedSender } from './ipcHost';

/** The largest export file opened, as the HTTP upload's bound (the reader bounds what it inflates to). */
export const MAX_IMPORT_FILE_BYTES = 1024 * 1024 * 1024;
/** Progress is sent at most this often per transfer: a 1 GiB file is 16k chunks. */
export const PROGRESS_EVERY_MS = 200;
const NODE_NAME_MAX = 256;
const ROOT_MAX = 4096;

/** What the transfers need of the backend (Backend.importNcdu and exportNcdu, with the app's version). */
export interface NcduBackend {
  importNcdu(body: AsyncIterable<Buffer>, fileName: string): Promise<Omit<NcduOpened, 'file'>>;
  exportNcdu(node: string, root: string, write: (chunk: Buffer) => Promise<void>, signal: AbortSignal): Promise<{ partial: boolean }>;
}

export interface NcduTransferDeps {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  backend: NcduBackend;
  isTrustedSender: IsTrustedSender;
  getWindow(): BrowserWindow | null;
  getWebContents(): WebContents | null | undefined;
  now?: () => number;
}

const refused = (code: 'bad_request' | 'forbidden' | 'limit' | 'io_error', message: string): RpcResult<never> => ({ ok: false, code, message });

/** Sends progress to the window, at most every PROGRESS_EVERY_MS, and always the last figure. */
function progressSender(deps: NcduTransferDeps, transfer: NcduProgress['transfer']): { add(n: number): void; done(): void; bytes(): number } {
  const now = deps.now ?? Date.now;
  let bytes = 0;
  let sentAt = -Infinity;
  const send = () => {
    const target = deps.getWebContents();
    sentAt = now();
    if (target && !target.isDestroyed()) target.send(IPC_NCDU_PROGRESS_CHANNEL, { transfer, bytes } satisfies NcduProgress);
  };
  return {
    add(n) {
      bytes += n;
      if (now() - sentAt >= PROGRESS_EVERY_MS) send();
    },
    done: send,
    bytes: () => bytes,
  };
}

/** The file's chunks, counted for progress and refused past the bound. */
async function* countedFile(path: string, progress: { add(n: number): void }): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    n += (chunk as Buffer).length;
    if (n > MAX_IMPORT_FILE_BYTES) throw Object.assign(new Error(`the file is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MiB: refused`), { code: 'bad_request' });
    progress.add((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

function writeChunk(out: WriteStream, chunk: Buffer): Promise<void> {
  return new Promise((done, fail) => out.write(chunk, (err) => (err ? fail(err) : done())));
}

function closeStream(out: WriteStream): Promise<void> {
  return new Promise((done, fail) => {
    out.once('error', fail);
    out.end(() => done());
  });
}

/** The name offered in the save dialog: the root's last component (as the HTTP download names it). */
export function exportFileName(root: string): string {
  const last = root.split('/').filter((p) => p !== '').pop() ?? 'root';
  return `${last}.ncdu.json`.replace(/[^\w.-]/g, '_');
}

function errorResult(err: unknown): RpcResult<never> {
  const code = (err as { code?: unknown }).code;
  return refused(code === 'bad_request' ? 'bad_request' : 'io_error', err instanceof Error ? err.message : String(err));
}

/** The two invoke handlers, testable without ipcMain. One transfer of each kind at a time. */
export function createNcduTransfers(deps: NcduTransferDeps) {
  let exporting = false;
  let importing = false;

  async function exportRoot(event: { sender: unknown; senderFrame: { url: string; parent: unknown } | null }, node: unknown, root: unknown): Promise<RpcResult<NcduExported | null>> {
    if (!deps.isTrustedSender(event)) return refused('forbidden', 'IPC call refused: it did not come from the Spoolscope window');
    if (typeof node !== 'string' || node === '' || node.length > NODE_NAME_MAX) return refused('bad_request', 'node must be a node name');
    if (typeof root !== 'string' || !root.startsWith('/') || root.includes('\0') || root.length > ROOT_MAX) return refused('bad_request', 'root must be an absolute path');
    if (exporting) return refused('limit', 'an export is being written: try again when it ends');
    exporting = true;
    try {
      const win = deps.getWindow();
      const options = { title: `Export ${root} for ncdu`, defaultPath: exportFileName(root), filters: [{ name: 'ncdu export', extensions: ['json'] }] };
      const chosen = await (win ? deps.dialog.showSaveDialog(win, options) : deps.dialog.showSaveDialog(options));
      if (chosen.canceled || !chosen.filePath) return { ok: true, result: null };
      const path = chosen.filePath;
      // Written beside the chosen path and renamed at the end: a failed export never leaves a cut file under
      // the name the user will open, nor replaces a good one there.
      const part = `${path}.part`;
      const out = createWriteStream(part, { flags: 'w', mode: 0o644 });
      const progress = progressSender(deps, 'export');
      const abort = new AbortController();
      // The file could not be opened or written (a read-only directory, a full disk): the probe stops too.
      let failed: Error | null = null;
      out.on('error', (err) => {
        failed = err;
        abort.abort();
      });
      try {
        const r = await deps.backend.exportNcdu(
          node,
          root,
          async (chunk) => {
            await writeChunk(out, chunk);
            progress.add(chunk.length);
          },
          abort.signal,
        );
        if (failed) throw failed;
        await closeStream(out);
        renameSync(part, path);
        progress.done();
        return { ok: true, result: { path, bytes: progress.bytes(), partial: r.partial } };
      } catch (err) {
        out.destroy();
        rmSync(part, { force: true });
        return errorResult(err);
      }
    } finally {
      exporting = false;
    }
  }

  async function openExport(event: { sender: unknown; senderFrame: { url: string; parent: unknown } | null }): Promise<RpcResult<NcduOpened | null>> {
    if (!deps.isTrustedSender(event)) return refused('forbidden', 'IPC call refused: it did not come from the Spoolscope window');
    if (importing) return refused('limit', 'an export is being read: try again when it ends');
    importing = true;
    try {
      const win = deps.getWindow();
      const options = {
        title: 'Open an ncdu export',
        properties: ['openFile' as const],
        filters: [
          { name: 'ncdu export (gzip or not)', extensions: ['json', 'gz'] },
          { name: 'Any file', extensions: ['*'] },
        ],
      };
      const chosen = await (win ? deps.dialog.showOpenDialog(win, options) : deps.dialog.showOpenDialog(options));
      const path = chosen.canceled ? undefined : chosen.filePaths[0];
      if (!path) return { ok: true, result: null };
      try {
        if (!statSync(path).isFile()) return refused('bad_request', `${basename(path)} is not a file`);
        const progress = progressSender(deps, 'import');
        const answer = await deps.backend.importNcdu(countedFile(path, progress), basename(path));
        progress.done();
        return { ok: true, result: { ...answer, file: basename(path) } };
      } catch (err) {
        return errorResult(err);
      }
    } finally {
      importing = false;
    }
  }

  return { exportRoot, openExport };
}

/** Registers both channels on ipcMain; returns the function that removes them. */
export function registerNcduTransfers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: NcduTransferDeps): () => void {
  const transfers = createNcduTransfers(deps);
  ipcMain.handle(IPC_NCDU_EXPORT_CHANNEL, (event: IpcMainInvokeEvent, node: unknown, root: unknown) => transfers.exportRoot(event, node, root));
  ipcMain.handle(IPC_NCDU_IMPORT_CHANNEL, (event: IpcMainInvokeEvent) => transfers.openExport(event));
  return () => {
    ipcMain.removeHandler(IPC_NCDU_EXPORT_CHANNEL);
    ipcMain.removeHandler(IPC_NCDU_IMPORT_CHANNEL);
  };
}
