// Wire models for a data store's tool action (`stores.act`, `spoolscope act`): the few actions Spoolscope
// runs itself on a store it found (a journald vacuum, truncating a container's active log, unlinking core
// dumps, apt-get clean), by an action id minted when `stores.list` found the store, once, within 10 minutes.
import { z } from 'zod';
import { DataStoreKindSchema } from './dataStoreModels';

export const ToolActionKindSchema = z.enum(['journald-vacuum', 'truncate-container-log', 'unlink-core-dumps', 'apt-clean']);
export type ToolActionKind = z.infer<typeof ToolActionKindSchema>;

/**
 * Why an action did not run, one code each; the reason text is for people.
 * - `changed`: the store's directory or file is not the one listed (another inode, gone, a symlink now);
 * - `store-active`: the store became busy since the listing (an apt or dpkg lock held);
 * - `not-append`: a writer of the container log has it open without O_APPEND (truncation would leave NUL
 *   bytes at the start of the file once it writes again);
 * - `confirm-mismatch`: --confirm is missing or not the text the action asks for;
 * - `unavailable`: the tool the action needs is not on the node (journalctl, apt-get);
 * - `failed`: the command ran and failed.
 */
export const ActRefusalCodeSchema = z.enum(['changed', 'store-active', 'not-append', 'confirm-mismatch', 'unavailable', 'failed']);
export type ActRefusalCode = z.infer<typeof ActRefusalCodeSchema>;

export const ActRefusalSchema = z.object({
  code: ActRefusalCodeSchema,
  reason: z.string(),
  /** The process behind a `not-append` or `store-active` refusal, when one was found. */
  pid: z.number().nullable(),
  comm: z.string().nullable(),
});
export type ActRefusal = z.infer<typeof ActRefusalSchema>;

export const ActFileSkipSchema = z.object({
  /** Display form. */
  path: z.string(),
  /** `changed` (another inode, size or type now), `gone`, `in-use` (open by a process), `failed`. */
  code: z.enum(['changed', 'gone', 'in-use', 'failed']),
  reason: z.string(),
});
export type ActFileSkip = z.infer<typeof ActFileSkipSchema>;

export const StoreActResultSchema = z.object({
  actionId: z.string(),
  node: z.string(),
  kind: ToolActionKindSchema,
  storeKind: DataStoreKindSchema,
  /** The store's path (display form). */
  path: z.string(),
  /** What runs, exactly as an operator would type it (names shown as text). */
  command: z.string(),
  dryRun: z.boolean(),
  /** Non-null when the action did not run (on a dry run: would not run now). */
  refused: ActRefusalSchema.nullable(),
  /** Files removed (core dumps), display form. */
  removed: z.array(z.string()),
  /** Listed files not removed, each with why. */
  skipped: z.array(ActFileSkipSchema),
  /** statvfs used bytes before minus after, on the store's filesystem; 0 on a dry run or a refusal. */
  freedBytes: z.number(),
  expectedFreeBytes: z.number(),
  filesystems: z.array(z.object({ mount: z.string(), usedBefore: z.number(), usedAfter: z.number() })),
  /** The command's own output, trimmed (journalctl's "Deleted archived journal ..." lines). */
  output: z.string(),
  exitCode: z.number().nullable(),
  /** False when the audit rows could not be kept (a full or temporary state store): auditError says why. */
  audited: z.boolean(),
  auditError: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type StoreActResult = z.infer<typeof StoreActResultSchema>;
