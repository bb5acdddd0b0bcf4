// The options an SSH node's connection is made with, from its config and the registry's settings. One
// function for both makers: the registry, and the CLI's early connection (nodes/earlyConnection.ts), which
// the registry adopts only when every value here is the same as its own.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SshNodeConfig } from '../../shared/nodeModels';
import type { ConnectionState, SshConnection, SshConnectionOptions } from '../transport/ssh/sshConnection';

export interface SshSettingsInput {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** known_hosts files to verify against; default ~/.ssh/known_hosts and the app's own (dataDir/known_hosts). */
  knownHostsFiles?: string[];
  /** Where newly trusted keys go; default the app's own file. */
  trustFile?: string;
  acceptNewHostKeys?: boolean;
  readyTimeoutMs?: number;
}

export interface SshSettings {
  env: NodeJS.ProcessEnv;
  knownHostsFiles: string[];
  trustFile: string;
  acceptNewHostKeys: boolean;
  readyTimeoutMs: number | undefined;
}

export function resolveSshSettings(s: SshSettingsInput): SshSettings {
  const appFile = join(s.dataDir, 'known_hosts');
  const home = s.env.HOME || homedir();
  return {
    env: s.env,
    knownHostsFiles: s.knownHostsFiles ?? [join(home, '.ssh', 'known_hosts'), appFile],
    trustFile: s.trustFile ?? appFile,
    acceptNewHostKeys: s.acceptNewHostKeys === true,
    readyTimeoutMs: s.readyTimeoutMs,
  };
}

/** What the connection asks its owner as it goes. */
export interface ConnectionHooks {
  passphrase: () => string | undefined;
  /** The fingerprint the operator confirmed for the next connect, or null. */
  trustFingerprint: () => string | null;
  onState?: (s: ConnectionState) => void;
}

export function sshConnectionOptions(config: SshNodeConfig, settings: SshSettings, hooks: ConnectionHooks, jump?: SshConnection): SshConnectionOptions {
  const agent = settings.env.SSH_AUTH_SOCK;
  return {
    name: config.name,
    host: config.host,
    port: config.port,
    user: config.user,
    identityFile: config.identityFile,
    agentSocket: agent && existsSync(agent) ? agent : undefined,
    passphrase: hooks.passphrase,
    knownHostsFiles: settings.knownHostsFiles,
    trustFile: settings.trustFile,
    hostKeyPolicy: () => ({ acceptNew: settings.acceptNewHostKeys, trustFingerprint: hooks.trustFingerprint() }),
    jump,
    onState: hooks.onState,
    readyTimeoutMs: settings.readyTimeoutMs,
  };
}

/**
 * Every value a connection is made with, as one string: two connections with the same one reach the same
 * account at the same address with the same credentials, and verify its key against the same files under the
 * same policy. The hooks are not values: the adopter supplies its own.
 */
export function connectionIdentity(o: SshConnectionOptions): string {
  const policy = o.hostKeyPolicy();
  return JSON.stringify([
    o.name,
    o.host,
    o.port,
    o.user,
    o.identityFile ?? null,
    o.agentSocket ?? null,
    o.knownHostsFiles,
    o.trustFile,
    policy.acceptNew,
    policy.trustFingerprint ?? null,
    o.jump ? o.jump.opts.name : null,
    o.keepaliveIntervalMs ?? null,
    o.readyTimeoutMs ?? null,
  ]);
}
