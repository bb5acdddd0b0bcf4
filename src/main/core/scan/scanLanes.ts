// How many probe streams a scan runs side by side after its root pass: find is bound by stat calls on one
// core, so one stream per core of the node, at most 8 (past that the disk, not the cores, is the limit), and
// never more than the transport carries at once (an SSH connection's channel pool).
export const MAX_SCAN_LANES = 8;
/** Without a core count from the node (a shell with neither nproc nor getconf): the lanes of a small node. */
export const DEFAULT_SCAN_LANES = 2;

/** Lanes = min(cores, 8), within the transport's parallel channels when it has a limit. */
export function scanLanes(cores: number | null, parallelChannels?: number): number {
  const wanted = Math.min(cores ?? DEFAULT_SCAN_LANES, MAX_SCAN_LANES);
  return Math.max(1, parallelChannels === undefined ? wanted : Math.min(wanted, parallelChannels));
}
