// `spoolscope df [--json] [node flags]`: mounted filesystems and how full they are.
import type { Backend } from '../../backend';
import { call, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';
import { LOCAL_NODE } from '../../../shared/nodeNames';
import { fillPercent, fillPercentOfRatio, formatFill } from '../../../shared/fillRatio';

export async function dfCommand(backend: Backend, json: boolean, node = LOCAL_NODE): Promise<number> {
  const r = await call(backend, 'node.filesystems', { node });
  if (json) {
    await writeAll(JSON.stringify(r) + '\n');
  } else {
    const rows = r.filesystems.map((f) => [
      f.mount,
      f.fstype,
      formatBytes(f.sizeBytes),
      formatBytes(f.usedBytes),
      formatBytes(f.availBytes),
      `${formatFill(fillPercent(f.usedBytes, f.availBytes))}${f.level === 'ok' ? '' : f.level === 'warn' ? ' !' : ' !!'}`,
      f.inodesTotal > 0 ? `${fillPercentOfRatio(f.inodesUsed / f.inodesTotal)}%` : '-',
    ]);
    const lines = [table(['MOUNT', 'TYPE', 'SIZE', 'USED', 'AVAIL', 'USE', 'INODES'], rows, new Set([2, 3, 4, 5, 6]))];
    for (const e of r.errors) lines.push(`warning: ${e}`);
    await writeAll(lines.join('\n') + '\n');
  }
  return 0;
}
