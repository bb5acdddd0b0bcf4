// What a reap plan needs of the data stores found under (or around) its root: which entries each store
// manages, as paths relative to the physical root, what its kind lets a reap do with them (REAP_RULES), who
// holds it now, and the guidance a skip points to. A store match overrides the partition classifier for the
// files it manages, and only for those.
import { REAP_RULES, type DataStoreKind, type ReapRule, type StoreGuidance, type StoreHolder } from '../../../shared/dataStoreModels';
import { isUnder } from './dirIndex';
import type { DetectedStore } from './detectedStore';
import { guidanceOf, stopStep } from './storeGuidance';

export interface StoreClaim {
  kind: DataStoreKind;
  rule: ReapRule;
  /** Raw physical path of the store, and its display form (the key of its guidance in the plan). */
  raw: string;
  path: string;
  /** Directories whose whole trees it manages, relative to the root ('.': the root itself, or a directory holding it). */
  dirs: string[];
  /** Single files it manages, relative to the root. */
  files: Set<string>;
  /** Its active files (never unlinked even where rotated files are), relative. */
  active: Set<string>;
  /** Stopped-units kinds: the unit directories (Prometheus blocks), relative, oldest first; empty: its segments are the units. */
  unitDirs: string[];
  holders: StoreHolder[];
  guidance: StoreGuidance;
  /** What the operator does before a stopped store's units may go (named in the typed confirmation). */
  stopStep: string;
}

/** The path relative to the root, '.' for a path holding the root; null outside it. */
function relTo(root: string, path: string): string | null {
  if (isUnder(root, path)) return '.';
  if (!isUnder(path, root)) return null;
  return path.slice(root === '/' ? 1 : root.length + 1);
}

/** The stores whose files are under `physicalRoot` (or that hold it), as claims on its entries. */
export function claimsUnder(stores: readonly DetectedStore[], physicalRoot: string): StoreClaim[] {
  const out: StoreClaim[] = [];
  for (const s of stores) {
    const dirs = s.managedDirs.map((d) => relTo(physicalRoot, d)).filter((d): d is string => d !== null);
    const files = new Set(s.managedFiles.map((f) => relTo(physicalRoot, f)).filter((f): f is string => f !== null && f !== '.'));
    if (dirs.length === 0 && files.size === 0) continue;
    const active = new Set(s.activeFiles.map((f) => relTo(physicalRoot, f)).filter((f): f is string => f !== null && f !== '.'));
    const unitDirs = s.units.map((u) => relTo(physicalRoot, u.path)).filter((u): u is string => u !== null && u !== '.');
    out.push({ kind: s.kind, rule: REAP_RULES[s.kind], raw: s.path, path: guidanceOf(s).path, dirs, files, active, unitDirs, holders: s.holders, guidance: guidanceOf(s), stopStep: stopStep(s) });
  }
  return out;
}

/** The claim that manages the entry at `rel`, the innermost store first (a nested one was dropped at detection). */
export function claimOf(claims: readonly StoreClaim[], rel: string): StoreClaim | null {
  for (const c of claims) {
    if (c.files.has(rel)) return c;
    for (const d of c.dirs) if (d === '.' || rel === d || rel.startsWith(`${d}/`)) return c;
  }
  return null;
}
