// ncdu exports to and from the browser window, as plain HTTP beside the WebSocket (bridge/streamRoutes.ts):
// the page's token cookie rides along, and a file never passes through a WebSocket frame. Electron's window
// has no such server: there the main process reads and writes the file from its own dialog (window.api.ncdu).
import type { NcduTransferApi } from '../../../shared/api';
import { getApi } from './getApi';

export interface ImportAnswer {
  jobId: string;
  label: string;
  root: string;
  storedScanId: number | null;
}

/** Electron's transfers through the main process's dialogs, or null in a browser. */
export function desktopTransfers(): NcduTransferApi | null {
  try {
    return getApi().api.ncdu ?? null;
  } catch {
    return null;
  }
}

/** Whether this window can move exports: over the browser bridge's HTTP routes, or Electron's dialogs. */
export function transfersAvailable(): boolean {
  try {
    return getApi().bridge !== null || desktopTransfers() !== null;
  } catch {
    return false;
  }
}

/** The download of a root's export (an attachment named after the root). */
export function exportHref(node: string, root: string): string {
  return `/api/export-ncdu?${new URLSearchParams({ node, root }).toString()}`;
}

/** Uploads an export file, streamed by the browser; resolves to the import, or rejects with the backend's reason. */
export async function uploadNcdu(file: Blob & { name: string }, label?: string): Promise<ImportAnswer> {
  const params = new URLSearchParams({ name: file.name, ...(label ? { label } : {}) });
  const res = await fetch(`/api/import-ncdu?${params.toString()}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
  const body = (await res.json().catch(() => null)) as { ok: boolean; result?: ImportAnswer; message?: string } | null;
  if (!res.ok || !body?.ok || !body.result) throw new Error(body?.message ?? `the upload failed (HTTP ${res.status})`);
  return body.result;
}
