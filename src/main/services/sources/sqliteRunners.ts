// Two ways to run the fixed read-only statements of core/sqliteSamplingSql against a node's SQLite files:
// better-sqlite3 in this process for this machine, and the node's own sqlite3 shell through the probe (any
// node, and this machine when better-sqlite3 cannot open a file read-only). Both give rows of text fields.
import Database from 'better-sqlite3';
import { immutableUri, parseShellRows, shellScript } from '../../core/sources/sqliteSamplingSql';
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type Transport } from '../../transport/transport';
import { limitMessage } from '../common/probeErrors';
import { collectOutput } from '../../transport/execOutput';

export interface SqliteJob {
  /** Raw bytes of the path, one latin1 char per byte. */
  path: string;
  statements: string[];
}

export interface SqliteJobResult {
  rows: string[][];
  /** Why the file could not be read (or was read only in part); null when it was read. */
  error: string | null;
  /** better-sqlite3 could not open it read-only (a WAL file on a read-only mount): try the shell. */
  cannotOpen?: boolean;
}

export interface SqliteRunResult {
  results: SqliteJobResult[];
  reader: 'library' | 'node-sqlite3';
  /** The node has no sqlite3 shell. */
  noShell: boolean;
  bytesRead: number;
}

export interface SqliteRunner {
  run(jobs: readonly SqliteJob[], timeoutMs: number, maxBytes: number): Promise<SqliteRunResult>;
}

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'bigint' ? v.toString() : String(v));

/**
 * better-sqlite3, read-only: no write lock is ever taken, each statement is its own short read transaction
 * (a WAL writer waits at most the instant SQLite's reader holds the write lock to re-read a header it caught
 * mid-rewrite; a rollback-journal writer waits at most one statement), and a busy file
 * makes us give up after 200 ms rather than retry.
 */
export class LibrarySqliteRunner implements SqliteRunner {
  async run(jobs: readonly SqliteJob[], timeoutMs: number, maxBytes: number): Promise<SqliteRunResult> {
    const deadline = Date.now() + timeoutMs;
    let bytes = 0;
    const results: SqliteJobResult[] = [];
    for (const job of jobs) {
      let db: Database.Database | null = null;
      const rows: string[][] = [];
      let error: string | null = null;
      let cannotOpen = false;
      // better-sqlite3 takes a path as text: a name that is not UTF-8 goes to the shell, which takes bytes.
      const utf8 = Buffer.from(job.path, 'latin1').toString('utf8');
      if (Buffer.from(utf8, 'utf8').toString('latin1') !== job.path) {
        results.push({ rows, error: 'its path is not UTF-8', cannotOpen: true });
        continue;
      }
      try {
        db = new Database(utf8, { readonly: true, fileMustExist: true, timeout: 200 });
        for (const sql of job.statements) {
          if (Date.now() > deadline) {
            error = 'stopped at the time limit: the sampling is partial';
            break;
          }
          if (bytes > maxBytes) {
            error = `stopped at the sampling's byte limit (${maxBytes} bytes): the sampling is partial`;
            break;
          }
          for (const r of db.prepare(sql).raw(true).iterate() as Iterable<unknown[]>) {
            const row = r.map(cell);
            for (const c of row) bytes += c.length;
            rows.push(row);
          }
        }
      } catch (err) {
        const e = err as { code?: string; message: string };
        // The open itself succeeds; the first read is where a missing -shm shows.
        cannotOpen = e.code === 'SQLITE_CANTOPEN' && rows.length === 0;
        error = e.message;
      } finally {
        db?.close();
      }
      results.push({ rows, error, cannotOpen });
    }
    return { results, reader: 'library', noShell: false, bytesRead: bytes };
  }
}

/** The node's sqlite3 shell (`sqlite3 -readonly`), through the sqlite-read probe. */
export class ShellSqliteRunner implements SqliteRunner {
  constructor(private readonly transport: Transport) {}

  async run(jobs: readonly SqliteJob[], timeoutMs: number, maxBytes: number): Promise<SqliteRunResult> {
    const input = nulInput(jobs.flatMap((j) => [Buffer.from(j.path, 'latin1'), immutableUri(j.path), shellScript(j.statements)]));
    const handle = this.transport.exec(probeScripts.sqliteRead, input, {
      maxBytes,
      maxRecords: jobs.length + 1,
      recordTerminator: 0,
      timeoutMs,
      maxStderrBytes: 16 * 1024,
    });
    const { output, outcome } = await collectOutput(handle);
    const noShell = /spoolscope-error: no-sqlite3/.test(outcome.stderr);
    const sections = output.toString('latin1').split('\0');
    const limited = limitMessage(outcome);
    const results = jobs.map((_, i): SqliteJobResult => {
      if (noShell) return { rows: [], error: 'this node has no sqlite3 shell' };
      const section = sections[i];
      if (section === undefined) return { rows: [], error: limited ?? (outcome.stderr.trim().split('\n')[0] || 'no output from sqlite3') };
      // Every row starts with a one-letter tag; anything else is sqlite3 talking (its errors are on stdout).
      const all = parseShellRows(section);
      const rows = all.filter((r) => /^[TXBSMCP]$/.test(r[0]));
      const talk = all.filter((r) => !/^[TXBSMCP]$/.test(r[0])).map((r) => r.join(' '));
      const complete = i < sections.length - 1;
      return { rows, error: talk.length > 0 ? talk.slice(0, 3).join('; ') : complete ? null : (limited ?? 'output cut short') };
    });
    return { results, reader: 'node-sqlite3', noShell, bytesRead: outcome.stdoutBytes };
  }
}
