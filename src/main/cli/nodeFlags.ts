// The node flags every command takes: --node NAME (saved, or a ~/.ssh/config Host), --ssh user@host[:port],
// --identity FILE, --known-hosts FILE, --accept-new. Resolves them to a node name, connected and checked.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Backend, BackendOptions } from '../backend';
import { parseSshTarget } from '../nodes/sshTarget';
import { CliError } from './cliSupport';
import { IMPORT_ACTIONS_DISABLED, IMPORT_LABEL_PREFIX, LOCAL_NODE } from '../../shared/nodeNames';

export const NODE_FLAG_OPTIONS = {
  node: { type: 'string' },
  ssh: { type: 'string' },
  identity: { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new': { type: 'boolean', default: false },
} as const;

export const NODE_FLAGS_USAGE = `node flags (every command): --node NAME (a saved node or a ~/.ssh/config Host) or --ssh USER@HOST[:PORT],
  --identity FILE (key file; ssh-agent is tried first), --known-hosts FILE (verify against and record in
  this file only), --accept-new (trust the key of a host on no known_hosts line; a changed key is always refused)`;

export interface NodeFlags {
  node?: string;
  ssh?: string;
  identity?: string;
  'known-hosts'?: string;
  'accept-new'?: boolean;
}

/**
 * The node flags in argv, read before the command is known (for the early socket): parseArgs with the same
 * options, not strict, so another command's flags and positionals pass; a flag left without a value is absent.
 */
export function nodeFlagsOf(argv: string[]): NodeFlags {
  const { values } = parseArgs({ args: argv, options: NODE_FLAG_OPTIONS, strict: false, allowPositionals: true });
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { ssh: text(values.ssh), node: text(values.node), identity: text(values.identity) };
}

export function backendOptionsFor(flags: NodeFlags): Pick<BackendOptions, 'ssh'> {
  const kh = flags['known-hosts'] ? resolve(flags['known-hosts']) : undefined;
  return { ssh: { ...(kh ? { knownHostsFiles: [kh], trustFile: kh } : {}), acceptNewHostKeys: flags['accept-new'] === true } };
}

/**
 * Whether the flags name another node. Given but empty (`--ssh ''`, `--node ''`) counts as remote, so a
 * command checks its path as a remote one and resolveNode then refuses the empty value: never a silent
 * fall back to this machine.
 */
export function namesRemoteNode(flags: NodeFlags): boolean {
  return flags.ssh !== undefined || (flags.node !== undefined && flags.node !== LOCAL_NODE);
}

/** `user@host[:port]`, `user@[v6addr]:port`. */
function sshFlagTarget(text: string): { user: string; host: string; port: number } {
  const t = parseSshTarget(text, true);
  if ('error' in t) throw new CliError(`--ssh takes USER@HOST[:PORT], got ${JSON.stringify(text)}${t.error.startsWith('port') ? ` (${t.error})` : ''}`);
  return { user: t.user!, host: t.host, port: t.port };
}

/**
 * The node a command runs on: LOCAL_NODE without flags. Connects SSH nodes first so a host key or
 * credential problem is one clear line (and a non-zero exit) before any work starts.
 */
export async function resolveNode(backend: Backend, flags: NodeFlags): Promise<string> {
  if (flags.node !== undefined && flags.ssh !== undefined) throw new CliError('give either --node NAME or --ssh USER@HOST[:PORT], not both');
  if (flags.node === '') throw new CliError('--node takes a NAME (a saved node, a ~/.ssh/config Host, or local), got ""');
  if (flags.node?.startsWith(IMPORT_LABEL_PREFIX)) throw new CliError(`${flags.node} is ${IMPORT_ACTIONS_DISABLED} (spoolscope diff ROOT --node ${flags.node} compares its imports)`);
  const identity = flags.identity ? resolve(flags.identity) : undefined;
  let name: string;
  if (flags.ssh !== undefined) {
    const t = sshFlagTarget(flags.ssh);
    name = backend.nodes.useUnsaved({ name: `${t.user}@${t.host}:${t.port}`, host: t.host, port: t.port, user: t.user, identityFile: identity });
  } else if (flags.node) {
    if (flags.node === LOCAL_NODE) return LOCAL_NODE;
    if (!backend.nodes.has(flags.node)) {
      const fromConfig = backend.nodes.sshConfigHost(flags.node);
      if (!fromConfig) throw new CliError(`unknown node "${flags.node}": it is neither saved (spoolscope nodes list) nor a Host in ~/.ssh/config`);
      backend.nodes.useUnsaved({ ...fromConfig, ...(identity ? { identityFile: identity } : {}) });
    } else if (identity) {
      throw new CliError(`--identity applies to --ssh and ~/.ssh/config hosts; "${flags.node}" is saved with its own key (spoolscope nodes add to change it)`);
    }
    name = flags.node;
  } else {
    if (identity || flags['accept-new'] || flags['known-hosts']) throw new CliError('--identity, --known-hosts and --accept-new need --node NAME or --ssh USER@HOST[:PORT]');
    return LOCAL_NODE;
  }
  const info = await backend.nodes.reach(name);
  switch (info.state) {
    case 'connected':
      return name;
    case 'partial':
      await warnIfPartial(backend, name);
      return name;
    case 'hostkey_unknown':
      throw new CliError(`${info.message ?? `the host key of ${name} is not known`}. Nothing was trusted: re-run with --accept-new to trust ${info.hostKeyFingerprint ?? 'it'}`);
    case 'passphrase_needed':
      throw new CliError(`${info.message ?? 'the key is encrypted'}: load it into ssh-agent (ssh-add) and re-run`);
    default:
      throw new CliError(info.message ?? `cannot connect to ${name} (${info.state})`);
  }
}

/** Nodes already warned about in this run: connecting and finishing both check, the operator reads it once. */
const warnedPartial = new Set<string>();

/**
 * Says so on stderr, once per node and run, when the node does not show everything (no root, no sudo).
 * After a command it waits for the node's answer on who the probes ran as, which may still be on its way.
 */
export async function warnIfPartial(backend: Backend, name: string): Promise<void> {
  if (name === LOCAL_NODE || warnedPartial.has(name)) return;
  const info = await backend.nodes.identityChecked(name);
  if (!info.partial) return;
  warnedPartial.add(name);
  process.stderr.write(`spoolscope: warning: ${info.message ?? `${name}: results are partial`}\n`);
}
