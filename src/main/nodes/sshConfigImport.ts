// Nodes from an OpenSSH client config (~/.ssh/config) through the ssh-config library: each concrete Host
// computed as ssh would see it (HostName, User, Port, IdentityFile, ProxyJump); patterns skipped with a reason.
import { createRequire } from 'node:module';
import type SSHConfig from 'ssh-config';
import type { Line } from 'ssh-config';
import { NodeNameSchema, SshNodeConfigSchema, type SshNodeConfig } from '../../shared/nodeModels';

export interface SshConfigEnv {
  /** Home directory for `~` and `%d`. */
  home: string;
  /** Local user name: OpenSSH's default remote user, and `%u`. */
  localUser: string;
}

export interface ParsedSshConfig {
  nodes: SshNodeConfig[];
  skipped: { host: string; reason: string }[];
}

/**
 * The library, loaded on first use: most runs of the CLI never read an ssh config, and loading it cost them
 * some 20 ms of start-up. Its CommonJS build, so parsing stays synchronous.
 */
let lib: typeof import('ssh-config') | null = null;
function sshConfigLib(): typeof import('ssh-config') {
  lib ??= createRequire(import.meta.url)('ssh-config') as typeof import('ssh-config');
  return lib;
}

/** Host aliases in the order written, from every `Host` line (not `Match`). */
function hostAliases(config: SSHConfig): string[] {
  const out: string[] = [];
  for (const line of config as Line[]) {
    if (line.type !== sshConfigLib().LineType.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
    for (const v of values) if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The few ssh_config tokens that make sense for a path on this machine. */
function expandPath(path: string, env: SshConfigEnv, alias: string, user: string): string {
  const p = path.startsWith('~/') ? env.home + path.slice(1) : path;
  return p.replace(/%([%dhru])/g, (_, t: string) => ({ '%': '%', d: env.home, h: alias, r: user, u: env.localUser })[t] ?? '');
}

export function parseSshConfig(text: string, env: SshConfigEnv, max = 10_000): ParsedSshConfig {
  const config = sshConfigLib().default.parse(text);
  const nodes: SshNodeConfig[] = [];
  const skipped: ParsedSshConfig['skipped'] = [];
  for (const alias of hostAliases(config).slice(0, max)) {
    if (/[*?!]/.test(alias)) {
      skipped.push({ host: alias, reason: 'a pattern, not one host: its settings apply to the hosts it matches' });
      continue;
    }
    if (!NodeNameSchema.safeParse(alias).success) {
      skipped.push({ host: alias, reason: 'the name has characters a node name cannot have (letters, digits and . _ @ : - only)' });
      continue;
    }
    // matchExec off: importing a config must never run the commands a `Match exec` line names.
    const c = config.compute(alias, { ignoreCase: true, matchExec: false });
    const user = first(c.user) ?? env.localUser;
    const portText = first(c.port) ?? '22';
    const port = Number(portText);
    const jump = first(c.proxyjump);
    if (jump && jump.includes(',')) {
      skipped.push({ host: alias, reason: `ProxyJump chain "${jump}": only one jump host is supported; add the first hop as a node with its own jump host` });
      continue;
    }
    if (first(c.proxycommand) && !jump) {
      skipped.push({ host: alias, reason: 'uses ProxyCommand, which Spoolscope does not run: use ProxyJump instead' });
      continue;
    }
    const identity = first(c.identityfile);
    const parsed = SshNodeConfigSchema.safeParse({
      name: alias,
      // OpenSSH expands %h (the alias) and %% in HostName; nothing else applies there.
      host: (first(c.hostname) ?? alias).replace(/%([%h])/g, (_, t: string) => (t === 'h' ? alias : '%')),
      port,
      user,
      identityFile: identity ? expandPath(identity, env, alias, user) : undefined,
      jumpHost: jump && jump.toLowerCase() !== 'none' ? jump : undefined,
      sudo: false,
    });
    if (!parsed.success) {
      skipped.push({ host: alias, reason: `cannot use its settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}${Number.isNaN(port) ? ` (Port "${portText}")` : ''}` });
      continue;
    }
    nodes.push(parsed.data);
  }
  return { nodes, skipped };
}
