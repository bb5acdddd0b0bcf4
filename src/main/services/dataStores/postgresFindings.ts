// Asks a running PostgreSQL server what retains its pg_wal (resources/probe/pg-findings.sh, on the node, as
// the data directory's owner over its Unix socket), and puts the answer into the store the detection found.
import { parsePgFindings, pgFindingsArgs, postgresEnrichment, type PgProbe } from '../../core/dataStores/postgresFindings';
import { probeScripts } from '../../probe/probeScripts';
import { collectOutput } from '../../transport/execOutput';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import type { StoreEnricher } from './storesService';

/** 200 slots at most (the SQL's limit) and a few settings: 256 KiB is plenty; psql has 30 s, the probe 45. */
const PG_FINDINGS_LIMITS: ExecLimits = { maxBytes: 256 * 1024, maxRecords: 512, recordTerminator: 0, timeoutMs: 45_000, maxStderrBytes: 4096 };

/** The server's answer for the data directory `dataDir` (raw path), or why it could not be asked. */
export async function readPostgresFindings(transport: Transport, dataDir: string, signal?: AbortSignal): Promise<PgProbe> {
  try {
    const { output, outcome } = await collectOutput(transport.exec(probeScripts.pgFindings, nulInput(pgFindingsArgs(dataDir)), PG_FINDINGS_LIMITS, signal));
    const probe = parsePgFindings(output.toString('latin1'));
    if (outcome.limitHit && probe.psqlExit === null && probe.cannot === null) {
      probe.psqlError = outcome.limitHit === 'time' ? 'the probe ran out of time' : `the probe's output was cut (${outcome.limitHit})`;
    } else if (probe.ran === null && probe.cannot === null && outcome.exitCode !== 0) {
      probe.psqlError = outcome.stderr.trim().slice(0, 500);
    }
    return probe;
  } catch (err) {
    const probe = parsePgFindings('');
    probe.psqlError = `the probe could not be run: ${err instanceof Error ? err.message : String(err)}`;
    return probe;
  }
}

/** The stores service's enricher for PostgreSQL data directories (the store's path is its data directory). */
export const postgresFindingsEnricher: StoreEnricher = {
  name: 'the PostgreSQL findings (read-only SQL as the data directory owner)',
  kinds: ['postgresql'],
  async enrich({ transport, detected, signal }) {
    return postgresEnrichment(await readPostgresFindings(transport, detected.path, signal));
  },
};
