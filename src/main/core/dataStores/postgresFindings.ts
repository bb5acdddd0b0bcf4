// What the running PostgreSQL server says about its own pg_wal (resources/probe/pg-findings.sh): which
// replication slots retain WAL and how much, whether archive_command fails, and the WAL settings, read with
// fixed read-only SQL as the data directory's owner over its Unix socket. Parsed here, then told as findings,
// config hints with their current values, and the figures behind the operator's drop-slot commands. When
// the queries could not run, one finding says why and the store keeps what its files alone tell.
import type { DataStore, StoreAction, StoreConfigHint, StoreFinding } from '../../../shared/dataStoreModels';
import { formatBytes } from '../../../shared/formatBytes';
import { displayName } from '../common/displayName';

export const PG_FINDINGS_MARKER = 'spoolscope-pg-findings';

/** What the probe reads on stdin: its marker and the data directory (raw path). */
export function pgFindingsArgs(dataDir: string): string[] {
  return [PG_FINDINGS_MARKER, dataDir];
}

/** Why psql was not run, as the probe says it. */
export type PgCannotReason = 'no-data-dir' | 'owner-unknown' | 'not-running' | 'no-socket' | 'socket-absent' | 'no-psql' | 'no-runuser' | 'not-owner' | 'unsafe';
const CANNOT_REASONS: readonly PgCannotReason[] = ['no-data-dir', 'owner-unknown', 'not-running', 'no-socket', 'socket-absent', 'no-psql', 'no-runuser', 'not-owner', 'unsafe'];

export interface PgSlot {
  name: string;
  type: string;
  active: boolean;
  /** reserved, extended, unreserved, lost; '' when the slot reserves no WAL. */
  walStatus: string;
  /** WAL from the slot's restart_lsn to the server's current LSN; null when it reserves none. */
  retainedBytes: number | null;
  /** A logical slot's database; '' for a physical one. */
  database: string;
}

export interface PgArchiver {
  archived: number;
  failed: number;
  lastFailedWal: string;
  /** Epoch seconds, or null. */
  lastFailedAt: number | null;
  lastArchivedWal: string;
  lastArchivedAt: number | null;
  archiveMode: string;
}

export interface PgSetting {
  name: string;
  /** As pg_settings has it, in `unit`. */
  value: string;
  unit: string;
  source: string;
  /** The file it was set in, or the server's config_file. */
  file: string;
}

export interface PgProbe {
  /** What psql was run with; null when it was not. */
  ran: { owner: string; pid: number; port: number; socketDir: string; psql: string } | null;
  cannot: { reason: PgCannotReason; detail: string } | null;
  versionNum: number | null;
  inRecovery: boolean | null;
  slots: PgSlot[];
  archiver: PgArchiver | null;
  /** WAL segments waiting for the archiver (archive_status/*.ready). */
  readyForArchive: number | null;
  settings: PgSetting[];
  wal: { segments: number; bytes: number } | null;
  /** psql's exit and its stderr (one line); null when it was not run or the output was cut before. */
  psqlExit: number | null;
  psqlError: string;
  /** Records that were not understood (a newer probe, or output cut short). */
  unreadRecords: number;
}

function num(s: string | undefined): number | null {
  return s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null;
}

/** The probe's stdout (NUL-terminated records, one latin1 char per byte). */
export function parsePgFindings(stdout: string): PgProbe {
  const probe: PgProbe = {
    ran: null,
    cannot: null,
    versionNum: null,
    inRecovery: null,
    slots: [],
    archiver: null,
    readyForArchive: null,
    settings: [],
    wal: null,
    psqlExit: null,
    psqlError: '',
    unreadRecords: 0,
  };
  const records = stdout.split('\0');
  // The text after the last NUL is an unfinished record (output cut): not read.
  records.pop();
  for (const rec of records) {
    const f = rec.split('\t');
    const ok = (() => {
      switch (f[0]) {
        case 'P': {
          const pid = num(f[2]);
          const port = num(f[3]);
          if (f.length !== 6 || pid === null || port === null) return false;
          probe.ran = { owner: f[1], pid, port, socketDir: f[4], psql: f[5] };
          return true;
        }
        case 'R': {
          const reason = CANNOT_REASONS.find((r) => r === f[1]);
          if (!reason) return false;
          probe.cannot = { reason, detail: f.slice(2).join('\t') };
          return true;
        }
        case 'V':
          probe.versionNum = num(f[1]);
          probe.inRecovery = f[2] === 't';
          return f.length === 3;
        case 'S': {
          if (f.length !== 7) return false;
          probe.slots.push({ name: f[1], type: f[2], active: f[3] === 't', walStatus: f[4], retainedBytes: num(f[5]), database: f[6] });
          return true;
        }
        case 'A': {
          const archived = num(f[1]);
          const failed = num(f[2]);
          if (f.length !== 8 || archived === null || failed === null) return false;
          probe.archiver = { archived, failed, lastFailedWal: f[3], lastFailedAt: num(f[4]), lastArchivedWal: f[5], lastArchivedAt: num(f[6]), archiveMode: f[7] };
          return true;
        }
        case 'Q':
          probe.readyForArchive = num(f[1]);
          return probe.readyForArchive !== null;
        case 'C':
          if (f.length !== 6) return false;
          probe.settings.push({ name: f[1], value: f[2], unit: f[3], source: f[4], file: f[5] });
          return true;
        case 'W': {
          const segments = num(f[1]);
          const bytes = num(f[2]);
          if (segments === null || bytes === null) return false;
          probe.wal = { segments, bytes };
          return true;
        }
        case 'X':
          probe.psqlExit = num(f[1]);
          probe.psqlError = f.slice(2).join(' ').trim();
          return probe.psqlExit !== null;
        default:
          return false;
      }
    })();
    if (!ok) probe.unreadRecords++;
  }
  return probe;
}

const UNIT_BYTES: Record<string, number> = { B: 1, kB: 1024, '8kB': 8192, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** A size setting in bytes; null when unset, -1 (unlimited) or not a size. */
export function settingBytes(s: PgSetting | undefined): number | null {
  if (!s) return null;
  const v = num(s.value);
  const unit = UNIT_BYTES[s.unit];
  return v === null || v < 0 || unit === undefined ? null : v * unit;
}

/** As postgresql.conf takes it: "64MB", "-1", "0". */
function confValue(s: PgSetting): string {
  if (s.value === '-1' || s.value === '0' || s.unit === '') return s.value;
  return `${s.value}${s.unit}`;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Why the server was not asked, as one finding. */
function unavailable(probe: PgProbe): StoreFinding | null {
  if (probe.cannot) {
    return { code: 'pg-findings-unavailable', text: `the server was not asked what retains pg_wal (${probe.cannot.reason}): ${displayName(probe.cannot.detail)}`, bytes: null };
  }
  if (probe.ran === null) {
    return { code: 'pg-findings-unavailable', text: `the server was not asked what retains pg_wal: ${probe.psqlError ? displayName(probe.psqlError) : 'the probe gave no answer'}`, bytes: null };
  }
  if (probe.psqlExit !== 0) {
    const how = probe.psqlExit === null ? 'did not finish' : probe.psqlExit === 124 ? 'timed out' : `failed (exit ${probe.psqlExit})`;
    const err = probe.psqlError ? `: ${displayName(probe.psqlError)}` : '';
    return { code: 'pg-findings-unavailable', text: `psql as ${displayName(probe.ran.owner)} over ${displayName(probe.ran.socketDir)} ${how}${err}`, bytes: null };
  }
  return null;
}

/**
 * What dropping slot `slot` would give back at the next checkpoint: pg_wal down to what is kept anyway (other
 * slots, wal_keep_size, max_wal_size's recycled segments, segments still waiting for the archiver).
 */
function dropFrees(probe: PgProbe, slot: PgSlot): number | null {
  if (slot.retainedBytes === null || probe.wal === null) return null;
  const others = probe.slots.filter((s) => s !== slot).map((s) => s.retainedBytes ?? 0);
  const settings = new Map(probe.settings.map((s) => [s.name, s]));
  const unarchived = (probe.readyForArchive ?? 0) * (settingBytes(settings.get('wal_segment_size')) ?? 0);
  const kept = Math.max(0, ...others, settingBytes(settings.get('wal_keep_size')) ?? 0, settingBytes(settings.get('max_wal_size')) ?? 0, unarchived);
  return Math.max(0, probe.wal.bytes - kept);
}

function slotFinding(s: PgSlot): StoreFinding {
  const name = `\`${displayName(s.name)}\``;
  const kind = s.type === 'logical' ? `logical replication slot ${name}${s.database ? ` (database ${displayName(s.database)})` : ''}` : `replication slot ${name}`;
  const state = s.active ? 'is active' : 'is inactive';
  const status = s.walStatus === 'lost' ? '; its WAL is already lost (wal_status lost): its consumer must be rebuilt' : s.walStatus === 'unreserved' ? '; it is past max_slot_wal_keep_size and will be invalidated at the next checkpoint' : '';
  if (s.retainedBytes === null) return { code: 'replication-slot', text: `${kind} ${state} and retains no WAL${status}`, bytes: 0 };
  return {
    code: s.active ? 'replication-slot' : 'replication-slot-inactive',
    text: `${kind} ${state} and retains ${formatBytes(s.retainedBytes)}${s.active ? ' (its consumer is connected; a lagging one)' : ''}${status}`,
    bytes: s.retainedBytes,
  };
}

function archiverFinding(probe: PgProbe, segmentBytes: number | null): StoreFinding | null {
  const a = probe.archiver;
  if (!a || a.archiveMode === 'off' || a.failed === 0) return null;
  // Failing now: the last failure is newer than the last success.
  if (a.lastArchivedAt !== null && a.lastFailedAt !== null && a.lastArchivedAt >= a.lastFailedAt) return null;
  const ready = probe.readyForArchive ?? 0;
  const when = a.lastFailedAt === null ? '' : ` at ${new Date(a.lastFailedAt * 1000).toISOString()}`;
  const backlog = ready > 0 ? `; ${ready} WAL segment${ready === 1 ? ' waits' : 's wait'} for it and stay in pg_wal until it succeeds` : '';
  return {
    code: 'archive-failing',
    text: `archive_command is failing: ${a.failed} failure${a.failed === 1 ? '' : 's'}, the last on ${displayName(a.lastFailedWal)}${when}${a.archived === 0 ? ', nothing archived yet' : `, last archived ${displayName(a.lastArchivedWal)}`}${backlog}`,
    bytes: ready > 0 && segmentBytes !== null ? ready * segmentBytes : null,
  };
}

export interface PostgresTold {
  /** Null when the server answered: the findings below are its own. */
  unavailable: StoreFinding | null;
  findings: StoreFinding[];
  configHints: StoreConfigHint[];
  /** Operator commands for the inactive slots, with what each frees. */
  actions: StoreAction[];
}

const RELOAD = 'after SELECT pg_reload_conf()';
const DROP_SLOT = 'SELECT pg_drop_replication_slot(';

/** The findings, hints and actions the server's answer supports. */
export function tellPostgres(probe: PgProbe): PostgresTold {
  const why = unavailable(probe);
  if (why) return { unavailable: why, findings: [], configHints: [], actions: [] };
  const settings = new Map(probe.settings.map((s) => [s.name, s]));
  const segment = settingBytes(settings.get('wal_segment_size'));
  const findings = [...probe.slots].sort((a, b) => (b.retainedBytes ?? -1) - (a.retainedBytes ?? -1)).map(slotFinding);
  const archive = archiverFinding(probe, segment);
  if (archive) findings.push(archive);
  const maxWal = settingBytes(settings.get('max_wal_size'));
  if (probe.wal && maxWal !== null && probe.wal.bytes > 2 * maxWal) {
    findings.push({
      code: 'wal-over-max',
      text: `the server counts ${formatBytes(probe.wal.bytes)} in pg_wal (${probe.wal.segments} files), ${Math.floor(probe.wal.bytes / maxWal)}x max_wal_size (${formatBytes(maxWal)}): something retains WAL${findings.length > 0 ? ' (above)' : ''}`,
      bytes: probe.wal.bytes,
    });
  }
  const configHints: StoreConfigHint[] = [];
  const slotCap = settings.get('max_slot_wal_keep_size');
  if (slotCap) {
    configHints.push({
      file: displayName(slotCap.file),
      key: 'max_slot_wal_keep_size',
      current: slotCap.value === '-1' ? '-1 (unlimited)' : confValue(slotCap),
      suggested: slotCap.value === '-1' ? '10GB' : confValue(slotCap),
      takesEffect: `${RELOAD}: a slot past it is invalidated at the next checkpoint instead of filling the disk (its consumer must then re-sync)`,
    });
  }
  const keep = settings.get('wal_keep_size');
  if (keep) {
    const keepBytes = settingBytes(keep) ?? 0;
    configHints.push({
      file: displayName(keep.file),
      key: 'wal_keep_size',
      current: confValue(keep),
      suggested: keepBytes > 1024 ** 3 ? '1GB' : confValue(keep),
      takesEffect: `${RELOAD}, at the next checkpoint (standbys without a slot need what it keeps)`,
    });
  }
  const max = settings.get('max_wal_size');
  if (max) {
    configHints.push({
      file: displayName(max.file),
      key: 'max_wal_size',
      current: confValue(max),
      suggested: (maxWal ?? 0) > 1024 ** 3 ? confValue(max) : '1GB',
      takesEffect: `${RELOAD}, at the next checkpoint (a soft limit: slots, wal_keep_size and a failing archiver keep WAL beyond it)`,
    });
  }
  const actions: StoreAction[] = probe.slots
    .filter((s) => !s.active && (s.retainedBytes ?? 0) > 0)
    .map((s) => ({
      id: null,
      command: `${DROP_SLOT}${sqlString(displayName(s.name))}); CHECKPOINT;`,
      summary: `only after finding what used slot ${displayName(s.name)} (inactive, retains ${formatBytes(s.retainedBytes ?? 0)}): its replica or subscriber must then re-sync; the checkpoint removes the WAL it retained`,
      runnableBy: 'operator',
      risk: 'service-impact',
      expectedFreeBytes: dropFrees(probe, s),
      confirm: null,
    }));
  return { unavailable: null, findings, configHints, actions };
}

/** What the server's answer adds to a store, and what of the store's file-based guidance it replaces. */
export interface PostgresEnrichment {
  findings: StoreFinding[];
  actions: StoreAction[];
  configHints: StoreConfigHint[];
  supersedes: {
    /** Findings the files alone suggested (a slot directory, .ready files) that the server's figures replace. */
    findingCodes: string[];
    /** Hints the server's current values replace. */
    configHintKeys: string[];
    /** Operator commands replaced: a drop for every slot directory, where the server says which are inactive. */
    actionCommandPrefixes: string[];
  };
}


/**
 * The server's answer as an enrichment of the store detection found: its slot and archiver findings replace
 * what the files alone suggested, its settings give the hints their current values, its drop-slot commands
 * carry what they free. A server that was not asked adds one finding saying why and replaces nothing.
 */
export function postgresEnrichment(probe: PgProbe): PostgresEnrichment {
  const told = tellPostgres(probe);
  if (told.unavailable) return { findings: [told.unavailable], actions: [], configHints: [], supersedes: { findingCodes: [], configHintKeys: [], actionCommandPrefixes: [] } };
  return {
    findings: told.findings,
    actions: told.actions,
    configHints: told.configHints,
    supersedes: {
      findingCodes: ['replication-slot', 'replication-slot-inactive', 'archive-backlog'],
      configHintKeys: told.configHints.map((h) => h.key),
      actionCommandPrefixes: [DROP_SLOT],
    },
  };
}

/** `store` with the enrichment applied as the stores service applies it: superseded entries out, the new ones in. */
export function enrichPostgresStore(store: DataStore, probe: PgProbe): DataStore {
  const e = postgresEnrichment(probe);
  return {
    ...store,
    findings: [...store.findings.filter((f) => !e.supersedes.findingCodes.includes(f.code)), ...e.findings],
    actions: [...store.actions.filter((a) => !e.supersedes.actionCommandPrefixes.some((p) => a.command.startsWith(p))), ...e.actions],
    configHints: [...store.configHints.filter((h) => !e.supersedes.configHintKeys.includes(h.key)), ...e.configHints],
  };
}
