// The probe scripts, bundled as fixed text. The same text runs locally and over SSH.
import scanScript from '../../../resources/probe/scan.sh?raw';
import dfScript from '../../../resources/probe/df.sh?raw';

export const probeScripts = {
  scan: scanScript,
  df: dfScript,
} as const;
export type ProbeName = keyof typeof probeScripts;
