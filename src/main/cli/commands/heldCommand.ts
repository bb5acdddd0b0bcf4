// `spoolscope held [--json]`: disk held by deleted-but-open files; exit 3 when partial.
import type { Backend } from '../../backend';
import { call, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';
import { LOCAL_NODE } from '../../../shared/nodeNames';

/** Names in the report come escaped (displayName): safe to print as they are. */
export async function heldCommand(backend: Backend, json: boolean, node = LOCAL_NODE): Promise<number> {
  const r = await call(backend, 'held.scan', { node });
  if (json) {
    await writeAll(JSON.stringify(r) + '\n');
    return r.partial ? 3 : 0;
  }
  const lines = [`${formatBytes(r.totalHeldBytes)} held by deleted-but-open files in ${r.holders.length} process${r.holders.length === 1 ? '' : 'es'}${r.partial ? ' (PARTIAL)' : ''}`, ''];
  if (r.holders.length > 0) {
    lines.push(
      table(
        ['PID', 'HOLDER', 'UNIT', 'HELD', 'FILES'],
        r.holders.map((h) => [String(h.pid), h.comm, h.unit ?? '-', formatBytes(h.heldBytes), String(h.fileCount)]),
        new Set([0, 3, 4]),
      ),
      '',
    );
  }
  for (const f of r.filesystems) {
    const parts = [`used ${formatBytes(f.usedBytes)} of ${formatBytes(f.sizeBytes)}`, `held ${formatBytes(f.heldBytes)}`];
    if (f.visibleBytes !== null) parts.push(`in scanned roots ${formatBytes(f.visibleBytes)}`, `other ${formatBytes(f.otherBytes ?? 0)}`);
    const top = f.topHolders[0];
    if (top) parts.push(`most by ${top.pid} ${top.comm}${top.unit ? ` (${top.unit})` : ''}`);
    lines.push(`${f.mount}: ${parts.join(', ')}`);
  }
  for (const e of r.errors) lines.push(`warning: ${e}`);
  await writeAll(lines.join('\n') + '\n');
  return r.partial ? 3 : 0;
}
