// ncdu exports to and from the browser window, as plain HTTP beside the WebSocket (bridge/streamRoutes.ts):
// the page's token cookie rides along, and a file never passes through a WebSocket frame. Electron's window
// has no such server: these are offered only when the window talks to `npm run serve`.
import { getApi } from './getApi';

export interface ImportAnswer {
  jobId: string;
  label: string;
  root: string;
  storedScanId: number | null;
}

/** Whether this window reaches the backend over the browser bridge (where the HTTP routes are). */
export function transfersAvailable(): boolean {
  try {
    return getApi().bridge !== null;
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
