// Transfers too large for a WebSocket frame, as plain HTTP behind the same token: an ncdu export uploaded
// (POST /api/import-ncdu, the body streamed into the reader, never held whole) and a root's export downloaded
// (GET /api/export-ncdu, written as the probe lists it, paced by the browser). Bounded: the body at 1 GiB,
// at most MAX_TRANSFERS of each kind at once (the next is refused with 429 until one ends).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';

export const IMPORT_PATH = '/api/import-ncdu';
export const EXPORT_PATH = '/api/export-ncdu';
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
export const MAX_TRANSFERS = 2;

/** What the routes run; the backend provides them (the bridge knows no service). */
export interface StreamRoutes {
  /** Reads an uploaded ncdu export; resolves to what scan.importNcdu answers (JSON). */
  importNcdu(body: AsyncIterable<Buffer>, fileName: string, label: string | undefined): Promise<unknown>;
  /** Writes a root's export chunk by chunk, each awaited. */
  exportNcdu(node: string, root: string, write: (chunk: Buffer) => Promise<void>, signal: AbortSignal): Promise<{ partial: boolean; warnings: string[] }>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { ...JSON_HEADERS, ...headers });
  res.end(JSON.stringify(body));
}

/** An error's HTTP status: the caller's fault (a bad file, a bad path) or ours. */
function statusOf(err: unknown): number {
  const code = (err as { code?: unknown }).code;
  if (code === 'not_found') return 404;
  if (code === 'bad_request') return 400;
  if (code === 'limit') return 429;
  return 500;
}

async function* bounded(req: IncomingMessage, max: number): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > max) throw Object.assign(new Error(`the upload is larger than ${Math.round(max / 1024 / 1024)} MiB: refused`), { code: 'bad_request' });
    yield chunk as Buffer;
  }
}

export function createStreamRouteHandler(routes: StreamRoutes, headers: Record<string, string>) {
  let imports = 0;
  let exports = 0;

  const importRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'POST') return reply(res, 405, { ok: false, code: 'bad_request', message: 'POST the export as the body' }, headers);
    if (imports >= MAX_TRANSFERS) return reply(res, 429, { ok: false, code: 'limit', message: `${MAX_TRANSFERS} imports are running: try again when one ends` }, headers);
    const name = url.searchParams.get('name') ?? 'upload.json';
    const label = url.searchParams.get('label') ?? undefined;
    imports++;
    try {
      const result = await routes.importNcdu(bounded(req, MAX_UPLOAD_BYTES), posix.basename(name) || 'upload.json', label);
      reply(res, 200, { ok: true, result }, headers);
    } catch (err) {
      // The rest of a refused body is not read: the connection closes after the answer.
      reply(res, statusOf(err), { ok: false, code: (err as { code?: string }).code ?? 'io_error', message: (err as Error).message }, { ...headers, Connection: 'close' });
    } finally {
      imports--;
    }
  };

  const exportRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET') return reply(res, 405, { ok: false, code: 'bad_request', message: 'GET it' }, headers);
    const root = url.searchParams.get('root') ?? '';
    const node = url.searchParams.get('node') ?? 'local';
    if (!root.startsWith('/') || root.includes('\0')) return reply(res, 400, { ok: false, code: 'bad_request', message: 'root must be an absolute path' }, headers);
    if (exports >= MAX_TRANSFERS) return reply(res, 429, { ok: false, code: 'limit', message: `${MAX_TRANSFERS} exports are running: try again when one ends` }, headers);
    exports++;
    const abort = new AbortController();
    // The browser went away (or cancelled the download): the probe ends too.
    res.on('close', () => abort.abort());
    const file = `${posix.basename(posix.normalize(root)) || 'root'}.ncdu.json`.replace(/[^\w.-]/g, '_');
    const write = (chunk: Buffer) =>
      new Promise<void>((done, fail) => {
        if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="${file}"`, ...headers });
        res.write(chunk, (err) => (err ? fail(err) : done()));
      });
    try {
      const r = await routes.exportNcdu(node, root, write, abort.signal);
      // A trailer cannot be read by a download: a partial export is said in a header when nothing was sent yet.
      if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json', ...headers, 'X-Spoolscope-Partial': String(r.partial) });
      res.end();
    } catch (err) {
      if (!res.headersSent) reply(res, statusOf(err), { ok: false, code: (err as { code?: string }).code ?? 'io_error', message: (err as Error).message }, headers);
      else res.destroy(err as Error);
    } finally {
      exports--;
    }
  };

  /** Handles the request when it is one of these routes; false otherwise. */
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (url.pathname === IMPORT_PATH) void importRoute(req, res, url);
    else if (url.pathname === EXPORT_PATH) void exportRoute(req, res, url);
    else return false;
    return true;
  };
}
