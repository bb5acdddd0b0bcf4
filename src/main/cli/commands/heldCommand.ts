// `spoolscope held [--json]`: disk held by deleted-but-open files, and apart from it the memory held the same
// way (memfds, shared memory, /dev/shm), which is never counted as disk; exit 3 when partial.
import type { Backend } from '../../backend';
import { call, printable, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';
import { LOCAL_NODE } from '../../../shared/nodeNames';

/** Memory files shown in the text output; --json has the whole list. */
const MEMORY_SHOWN = 10;

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
  const memoryCount = r.memory.length + r.moreMemory;
  if (memoryCount > 0) {
    const holders = new Set(r.memory.map((m) => m.pid)).size;
    lines.push(
      '',
      `memory, not disk: ${formatBytes(r.memoryBytes)} in ${memoryCount} deleted file${memoryCount === 1 ? '' : 's'} of ${holders} process${holders === 1 ? '' : 'es'} (memfd, shared memory, /dev/shm): not in the figures above, never truncated`,
      table(
        ['PID', 'HOLDER', 'KIND', 'SIZE', 'FILE'],
        r.memory.slice(0, MEMORY_SHOWN).map((m) => [String(m.pid), m.comm, m.kind, formatBytes(m.allocatedBytes), printable(m.path)]),
        new Set([0, 3]),
      ),
    );
    if (memoryCount > MEMORY_SHOWN) lines.push(`and ${memoryCount - MEMORY_SHOWN} more (--json lists ${r.memory.length})`);
  }
  for (const e of r.errors) lines.push(`warning: ${e}`);
  await writeAll(lines.join('\n') + '\n');
  return r.partial ? 3 : 0;
}
