// Wire models for nodes (this machine and SSH nodes) and the fleet home screen.
import { z } from 'zod';

/** A node's connection state, shown everywhere the node appears. */
export const NodeStateSchema = z.enum([
  /** This machine: no connection to make. */
  'local',
  /** Saved, never connected in this session. */
  'idle',
  'connecting',
  'connected',
  /** Connected, but the user cannot see everything (no root, sudo -n refused): results are partial. */
  'partial',
  'auth_failed',
  /** The host key is in no known_hosts file: shown with its SHA256 fingerprint, trusted only on confirmation. */
  'hostkey_unknown',
  /** The host key differs from the one on record: refused, no override. */
  'hostkey_changed',
  'unreachable',
  /** An encrypted key file needs its passphrase (nodes.unlockKey). */
  'passphrase_needed',
]);
export type NodeState = z.infer<typeof NodeStateSchema>;

/** The characters a node name may hold (the add-node form checks it before asking the backend). */
export const NODE_NAME_PATTERN = /^[A-Za-z0-9._@:-]+$/;

/** Node names are used as ids in the store and on the CLI (`--node NAME`). */
export const NodeNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(NODE_NAME_PATTERN, 'letters, digits and . _ @ : - only');

export const SshNodeConfigSchema = z.object({
  name: NodeNameSchema,
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1).max(64),
  /** Private key file on this machine; omit to use ssh-agent only. */
  identityFile: z.string().max(4096).optional(),
  /** Name of another saved node (or user@host:port) to reach this one through. */
  jumpHost: z.string().max(300).optional(),
  /** Run probes through `sudo -n`; when sudo refuses, the node works with what the user can see (partial). */
  sudo: z.boolean().default(false),
});
export type SshNodeConfig = z.output<typeof SshNodeConfigSchema>;
export type SshNodeConfigInput = z.input<typeof SshNodeConfigSchema>;

/** What a node is: this machine (named LOCAL_NODE, in the state 'local'), or one reached over SSH. */
export const NodeKindSchema = z.enum(['local', 'ssh']);
export type NodeKind = z.infer<typeof NodeKindSchema>;

export const NodeInfoSchema = z.object({
  name: z.string(),
  kind: NodeKindSchema,
  /** host:port for SSH nodes, the hostname for this machine. */
  address: z.string(),
  config: SshNodeConfigSchema.nullable(),
  state: NodeStateSchema,
  /** What to do next, in words, when the state is not a good one. */
  message: z.string().nullable(),
  /** SHA256 fingerprint (as `ssh-keygen -l` prints it) of the key the server offered, when known. */
  hostKeyFingerprint: z.string().nullable(),
  partial: z.boolean(),
});
export type NodeInfo = z.infer<typeof NodeInfoSchema>;

/** One row of the fleet home screen. */
export const FleetRowSchema = z.object({
  name: z.string(),
  state: NodeStateSchema,
  message: z.string().nullable(),
  /** Worst filesystem by fill ratio; null until the first refresh succeeds. */
  worstMount: z.string().nullable(),
  worstFillRatio: z.number().nullable(),
  heldBytes: z.number().nullable(),
  largestRoot: z.object({ path: z.string(), allocatedBytes: z.number() }).nullable(),
  lastRefreshAt: z.number().nullable(),
  refreshing: z.boolean(),
  /** Sort key, higher is worse: fill first, held bytes next. */
  risk: z.number(),
});
export type FleetRow = z.infer<typeof FleetRowSchema>;

export const SshConfigImportSchema = z.object({
  imported: z.array(z.string()),
  skipped: z.array(z.object({ host: z.string(), reason: z.string() })),
});
export type SshConfigImport = z.infer<typeof SshConfigImportSchema>;
