// How many probe streams a scan runs side by side after its shallow pass: find is bound by stat calls on one
// core, so one stream per core of the node, at most 8 (past that the disk, not the cores, is the limit), and
// never more than the transport carries at once (an SSH connection's channel pool).
export const MAX_SCAN_LANES = 8;
/** Without a core count from the node (an older probe, a stripped-down shell): the lanes of a small node. */
export const DEFAULT_SCAN_LANES = 2;

const CORES_LINE = /^spoolscope-cores: (\d{1,5})$/m;

/** The node's usable cores as the scan probe reports them on stderr (nproc: its affinity and cgroup quota). */
export function coresFromStderr(stderr: string): number | null {
  const m = CORES_LINE.exec(stderr);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 ? n : null;
}

/** Lanes = min(cores, 8), within the transport's parallel channels when it has a limit. */
export function scanLanes(cores: number | null, parallelChannels?: number): number {
  const wanted = Math.min(cores ?? DEFAULT_SCAN_LANES, MAX_SCAN_LANES);
  return Math.max(1, parallelChannels === undefined ? wanted : Math.min(wanted, parallelChannels));
}
