// Which node needs the operator first: the risk score behind the fleet table's order.
// Fill of the worst filesystem decides (in 0.1% steps), held bytes break ties. A node that cannot be seen
// (unreachable, refused, waiting for a key or passphrase) is ranked at least as a disk at the warn line:
// it may be filling, and only the operator can fix the access.
import type { Filesystem } from '../../../shared/models';
import type { FleetRow, NodeState } from '../../../shared/nodeModels';
import { FILL_WARN } from '../../../shared/fillLevel';

/** Read-only images are always "100% full" by design; they never need reclaiming. */
const ALWAYS_FULL_TYPES = new Set(['squashfs', 'iso9660', 'udf', 'erofs', 'cramfs']);

/** States in which the node's disks cannot be seen until someone acts. */
const BLIND_STATES: ReadonlySet<NodeState> = new Set(['unreachable', 'auth_failed', 'hostkey_unknown', 'hostkey_changed', 'passphrase_needed']);

export function isBlindState(state: NodeState): boolean {
  return BLIND_STATES.has(state);
}

/** The filesystem that fills first: highest fill ratio, ignoring read-only images and empty pseudo mounts. */
export function worstFilesystem(filesystems: readonly Filesystem[]): Filesystem | null {
  let worst: Filesystem | null = null;
  for (const fs of filesystems) {
    if (fs.sizeBytes <= 0 || ALWAYS_FULL_TYPES.has(fs.fstype)) continue;
    if (!worst || fs.fillRatio > worst.fillRatio || (fs.fillRatio === worst.fillRatio && fs.mount < worst.mount)) worst = fs;
  }
  return worst;
}

const FILL_STEPS = 1000;
/** Score of a node that cannot be seen: a disk at the warn line. */
export const BLIND_RISK = Math.round(FILL_WARN * FILL_STEPS);
/** Score of a node with nothing known yet and nothing wrong: below every measured node. */
export const UNKNOWN_RISK = -1;

/**
 * Higher is worse. Integer part: fill in 0.1% steps (0..1000); fraction: held bytes on a log scale (< 1),
 * so held bytes only order nodes whose worst disks are equally full.
 */
export function fleetRisk(row: Pick<FleetRow, 'state' | 'worstFillRatio' | 'heldBytes'>): number {
  const held = row.heldBytes !== null && row.heldBytes > 0 ? Math.log2(1 + row.heldBytes) / 64 : 0;
  const fill = row.worstFillRatio === null ? null : Math.floor(Math.min(Math.max(row.worstFillRatio, 0), 1) * FILL_STEPS);
  if (isBlindState(row.state)) return Math.max(fill ?? 0, BLIND_RISK) + held;
  if (fill === null) return UNKNOWN_RISK;
  return fill + held;
}

/** Worst first; equal risk by name, so the order is stable between refreshes. */
export function sortFleetRows(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort((a, b) => b.risk - a.risk || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
