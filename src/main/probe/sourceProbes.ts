// The probes of source attribution, bundled as fixed text (same text locally and over SSH).
import sourcesListScript from '../../../resources/probe/sources-list.sh?raw';
import tailSampleScript from '../../../resources/probe/tail-sample.sh?raw';
import sqliteReadScript from '../../../resources/probe/sqlite-read.sh?raw';
import writersScript from '../../../resources/probe/writers.sh?raw';

export const sourceProbes = {
  sourcesList: sourcesListScript,
  tailSample: tailSampleScript,
  sqliteRead: sqliteReadScript,
  writers: writersScript,
} as const;
