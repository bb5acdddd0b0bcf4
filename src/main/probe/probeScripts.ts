// The probe scripts, bundled as fixed text. The same text runs locally and over SSH.
import scanScript from '../../../resources/probe/scan.sh?raw';
import scanLaneScript from '../../../resources/probe/scan-lane.sh?raw';
import dfScript from '../../../resources/probe/df.sh?raw';
import heldScript from '../../../resources/probe/held.sh?raw';
import truncateHeldScript from '../../../resources/probe/truncate-held.sh?raw';
import reapFactsScript from '../../../resources/probe/reap-facts.sh?raw';
import reapUnlinkScript from '../../../resources/probe/reap-unlink.sh?raw';
import rootIdentityScript from '../../../resources/probe/root-identity.sh?raw';
import sampleScript from '../../../resources/probe/sample.sh?raw';
import watchChangesScript from '../../../resources/probe/watch-changes.sh?raw';
import sourcesListScript from '../../../resources/probe/sources-list.sh?raw';
import tailSamplingScript from '../../../resources/probe/tail-sampling.sh?raw';
import sqliteReadScript from '../../../resources/probe/sqlite-read.sh?raw';
import writersScript from '../../../resources/probe/writers.sh?raw';
import dataStoresScript from '../../../resources/probe/data-stores.sh?raw';
import pgFindingsScript from '../../../resources/probe/pg-findings.sh?raw';
import storeActJournaldScript from '../../../resources/probe/store-act-journald.sh?raw';
import storeActTruncateScript from '../../../resources/probe/store-act-truncate.sh?raw';
import storeActCoredumpScript from '../../../resources/probe/store-act-coredump.sh?raw';
import storeActAptCleanScript from '../../../resources/probe/store-act-apt-clean.sh?raw';

/**
 * POSIX single-quoting of constant text: the twin of transport/ssh/remoteCommand.ts shellQuote, which this
 * layer may not import (the probe layer holds script text only; see eslint.config.js).
 */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export const probeScripts = {
  scan: scanScript,
  // The first lane's root pass runs the scan probe's own text: one listing, its refusals included.
  scanLane: scanLaneScript.replace("'@SCAN_PROBE@'", () => shellQuote(scanScript)),
  df: dfScript,
  held: heldScript,
  truncateHeld: truncateHeldScript,
  reapFacts: reapFactsScript,
  reapUnlink: reapUnlinkScript,
  rootIdentity: rootIdentityScript,
  sample: sampleScript,
  watchChanges: watchChangesScript,
  sourcesList: sourcesListScript,
  tailSampling: tailSamplingScript,
  sqliteRead: sqliteReadScript,
  writers: writersScript,
  dataStores: dataStoresScript,
  pgFindings: pgFindingsScript,
  storeActJournald: storeActJournaldScript,
  storeActTruncate: storeActTruncateScript,
  storeActCoredump: storeActCoredumpScript,
  storeActAptClean: storeActAptCleanScript,
} as const;
