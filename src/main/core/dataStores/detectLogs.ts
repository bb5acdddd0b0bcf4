// Stores of logs: systemd-journald's journal directories, Docker's json-file container logs and kubelet's
// CRI container logs. Their rules differ: a journal is never unlinked (vacuum frees it), a container's
// rotated files are ordinary rotated logs and its active log is never unlinked.
import type { StoreEvidence } from '../../../shared/dataStoreModels';
import { displayName } from '../common/displayName';
import { joinPath, nameOf, parentOf } from './dirIndex';
import { newStore, type DetectedStore, type DetectionContext } from './detectedStore';
import { hexOf } from './storeRecords';

export const JOURNAL_MAGIC = hexOf('LPKSHHRH');
const MACHINE_ID_DIR = /^[0-9a-f]{32}(\.[^/]+)?$/;
const JOURNAL_FILE = /\.journal~?$/;
/** Archived: prefix@seqnum-id-first-realtime.journal; dirty: prefix@realtime-random.journal~. */
const ARCHIVED_JOURNAL = /@.*\.journal~?$/;
const CONTAINER_ID = /^[0-9a-f]{64}$/;
const POD_DIR = /^[^_/]+_[^_/]+_[0-9a-fA-F-]{8,}$/;
const CRI_ACTIVE = /^\d+\.log$/;
const CRI_ROTATED = /^\d+\.log\.\d{8}-\d{6}(\.gz)?$/;

/** Which files of a directory detection reads the magic of: a couple of journal files. */
export function journalCandidates(names: readonly string[]): string[] {
  return names.filter((n) => JOURNAL_FILE.test(n)).slice(0, 2);
}

export function detectJournald(ctx: DetectionContext): DetectedStore[] {
  const { index, reads } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    const journals = index.files(dir).filter((e) => JOURNAL_FILE.test(nameOf(e.path)));
    if (journals.length === 0) continue;
    const magic = journals.find((e) => reads.magic.get(e.path) === JOURNAL_MAGIC);
    const machineDir = MACHINE_ID_DIR.test(nameOf(dir));
    // The magic is proof; a machine-id directory of system.journal files is the layout journald writes.
    if (!magic && !(machineDir && journals.some((e) => /^(system|user-\d+)(@.*)?\.journal~?$/.test(nameOf(e.path))))) continue;
    const evidence: StoreEvidence[] = [];
    if (magic) evidence.push({ what: 'magic LPKSHHRH (a journal file)', path: displayName(magic.path) });
    if (machineDir) evidence.push({ what: 'a machine-id directory of .journal files', path: displayName(dir) });
    let archivedBytes = 0;
    let archivedFiles = 0;
    let activeBytes = 0;
    const active: string[] = [];
    for (const e of journals) {
      if (ARCHIVED_JOURNAL.test(nameOf(e.path))) {
        archivedBytes += e.blocks * 512;
        archivedFiles++;
      } else {
        activeBytes += e.blocks * 512;
        active.push(e.path);
      }
    }
    out.push(newStore('journald', dir, evidence, { managedDirs: [dir], activeFiles: active, details: { archivedBytes, archivedFiles, activeBytes } }));
  }
  return out;
}

/** "10m", "3" out of hostconfig.json's LogConfig (json-file driver); nulls when unset or unreadable. */
export function dockerLogConfig(text: string | undefined): { type: string | null; maxSize: string | null; maxFile: string | null } | null {
  if (text === undefined) return null;
  try {
    const j = JSON.parse(Buffer.from(text, 'latin1').toString('utf8')) as { LogConfig?: { Type?: unknown; Config?: Record<string, unknown> } };
    const cfg = j.LogConfig?.Config ?? {};
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    return { type: str(j.LogConfig?.Type), maxSize: str(cfg['max-size']), maxFile: str(cfg['max-file']) };
  } catch {
    return null;
  }
}

/**
 * The container's name from config.v2.json ("/web-1" -> "web-1"), the one `docker ps` shows and an operator
 * types to confirm; null when unreadable or not a plain name (a file cut at the read limit parses as nothing).
 */
export function dockerContainerName(text: string | undefined): string | null {
  if (text === undefined) return null;
  try {
    const j = JSON.parse(Buffer.from(text, 'latin1').toString('utf8')) as { Name?: unknown };
    const name = typeof j.Name === 'string' ? j.Name.replace(/^\//, '') : '';
    return /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/.test(name) ? name : null;
  } catch {
    return null;
  }
}

export function detectDockerJson(ctx: DetectionContext): DetectedStore[] {
  const { index, reads } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    const id = nameOf(dir);
    if (!CONTAINER_ID.test(id) || nameOf(parentOf(dir)) !== 'containers') continue;
    const log = index.child(dir, `${id}-json.log`);
    if (!index.hasFile(dir, 'hostconfig.json')) continue;
    const prefix = `${id}-json.log`;
    const files = index.files(dir).filter((e) => nameOf(e.path).startsWith(prefix));
    if (files.length === 0) continue;
    const cfg = dockerLogConfig(reads.texts.get(joinPath(dir, 'hostconfig.json')));
    const evidence = [{ what: `${prefix} beside hostconfig.json (a Docker container's json-file log)`, path: displayName(dir) }];
    if (cfg?.type) evidence.push({ what: `log driver ${cfg.type}`, path: displayName(joinPath(dir, 'hostconfig.json')) });
    out.push(
      newStore('docker-json', dir, evidence, {
        managedFiles: files.map((e) => e.path),
        activeFiles: log ? [log.path] : [],
        details: { containerId: id, containerName: dockerContainerName(reads.texts.get(joinPath(dir, 'config.v2.json'))), logMaxSize: cfg?.maxSize ?? null, logMaxFile: cfg?.maxFile ?? null },
      }),
    );
  }
  return out;
}

export function detectKubeletCri(ctx: DetectionContext): DetectedStore[] {
  const { index } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    // /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log
    if (!POD_DIR.test(nameOf(parentOf(dir)))) continue;
    const files = index.files(dir).filter((e) => CRI_ACTIVE.test(nameOf(e.path)) || CRI_ROTATED.test(nameOf(e.path)));
    const active = files.filter((e) => CRI_ACTIVE.test(nameOf(e.path)));
    if (active.length === 0) continue;
    out.push(
      newStore('kubelet-cri', dir, [{ what: `${nameOf(active[0].path)} in a pod's container directory (kubelet's CRI log layout)`, path: displayName(dir) }], {
        managedFiles: files.map((e) => e.path),
        activeFiles: active.map((e) => e.path),
      }),
    );
  }
  return out;
}
