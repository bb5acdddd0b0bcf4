// `spoolscope nodes list|add|remove|import-ssh-config [--json]`: the saved SSH nodes, through the same
// nodes.* methods the UI calls.
import { resolve } from 'node:path';
import type { NodeInfo } from '../../../shared/nodeModels';
import { call, CliError, parseCliArgs, printable, withBackend, writeAll } from '../cliSupport';
import { table } from '../formatTable';

export const NODES_USAGE = `  spoolscope nodes list [--json]   this machine and the saved SSH nodes, with their states
  spoolscope nodes add NAME --host H --user U [--port P] [--identity FILE] [--jump NODE|USER@HOST:PORT] [--sudo] [--json]
  spoolscope nodes remove NAME [--json]
  spoolscope nodes import-ssh-config [FILE] [--json]
                                  save each concrete Host of ~/.ssh/config (or FILE) as a node`;

function render(nodes: NodeInfo[]): string {
  return table(
    ['NAME', 'ADDRESS', 'USER', 'STATE', 'NOTE'],
    nodes.map((n) => [n.name, n.address, n.config?.user ?? '-', n.state, printable(n.message ?? '')]),
  );
}

export async function nodesCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      identity: { type: 'string' },
      jump: { type: 'string' },
      sudo: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  }, `\n${NODES_USAGE}`);
  const { values: v, positionals } = parsed;
  const [sub, arg] = positionals;
  const out = async (nodes: NodeInfo[], extra: unknown = {}) => {
    await writeAll(v.json ? JSON.stringify({ ...(extra as object), nodes }) + '\n' : render(nodes) + '\n');
  };
  return withBackend(async (b) => {
    switch (sub) {
      case 'list':
        await out((await call(b, 'nodes.list', {})).nodes);
        return 0;
      case 'add': {
        if (!arg || !v.host || !v.user) throw new CliError(`nodes add needs NAME, --host and --user\n${NODES_USAGE}`);
        const port = v.port === undefined ? 22 : Number(v.port);
        if (!Number.isInteger(port)) throw new CliError(`--port takes a number, got ${JSON.stringify(v.port)}`);
        const config = { name: arg, host: v.host, port, user: v.user, identityFile: v.identity ? resolve(v.identity) : undefined, jumpHost: v.jump, sudo: v.sudo };
        await out((await call(b, 'nodes.add', { config })).nodes);
        return 0;
      }
      case 'remove':
        if (!arg) throw new CliError('nodes remove needs NAME');
        await out((await call(b, 'nodes.remove', { name: arg })).nodes);
        return 0;
      case 'import-ssh-config': {
        const r = await call(b, 'nodes.importSshConfig', arg ? { path: resolve(arg) } : {});
        if (v.json) await out(r.nodes, { imported: r.imported, skipped: r.skipped });
        else {
          const lines = [`imported ${r.imported.length} node${r.imported.length === 1 ? '' : 's'}${r.imported.length ? `: ${r.imported.join(', ')}` : ''}`];
          for (const s of r.skipped) lines.push(`skipped ${printable(s.host)}: ${s.reason}`);
          await writeAll(lines.join('\n') + '\n');
        }
        return 0;
      }
      default:
        throw new CliError(`nodes needs list, add, remove or import-ssh-config\n${NODES_USAGE}`);
    }
  });
}
