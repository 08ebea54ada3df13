import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { inTransaction } from '../db/transaction';
import { moveToBackup } from './backup';
import { appendImportAudit } from './import-audit';
import { findImported, insertLedgerRow, setBackupPath, type ImportedRow } from './ledger';
import { isShapeError, type NormalizeContext, type NormalizeResult, type NormalizedFile } from './normalized-file';
import { readJsonFile } from './read-json-file';
import { stageAndMerge } from './stage-and-merge';
import type { JsonErrorPosition, LegacyFileName, LegacyFileReport, SkippedEntry } from './types';

export interface FileImportRequest {
  file: LegacyFileName;
  /** The file to read: the original, or (forced, original gone) its newest backup. */
  sourcePath: string;
  fromBackup: boolean;
  normalize: (value: unknown, context: NormalizeContext) => NormalizeResult;
  context: NormalizeContext;
  actor: string;
  dryRun: boolean;
  force: boolean;
}

type Outcome =
  | { kind: 'already-imported'; previous: ImportedRow }
  | { kind: 'imported'; ledgerId: number; report: LegacyFileReport };

class DryRunRollback {
  constructor(readonly outcome: Outcome) {}
}

export function emptyReport(file: LegacyFileName, filePath: string): LegacyFileReport {
  return {
    file,
    path: filePath,
    status: 'skipped',
    sha256: null,
    entries: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    needsPassword: [],
    reason: null,
    error: null,
    errorPosition: null,
    backupPath: null,
    notes: [],
  };
}

/**
 * One legacy file, all or nothing: its rows, its ledger row and its audit row commit in one
 * transaction. Only then is the file moved to its backup (best effort). If the process dies in
 * between, the next run finds these bytes' sha256 in the ledger and only finishes the backup.
 * A dry run stages, classifies and merges the same way in a transaction it rolls back.
 */
export async function importLegacyFile(database: Database, request: FileImportRequest): Promise<LegacyFileReport> {
  const started = new Date();
  const startedMs = performance.now();
  const report = emptyReport(request.file, request.sourcePath);
  const read = readJsonFile(request.sourcePath);
  report.sha256 = read.sha256;
  if (!read.ok) return fail(database, request, report, read.error, read.position, started, startedMs);
  let normalized: NormalizeResult;
  try {
    normalized = request.normalize(read.value, request.context);
  } catch (error) {
    return fail(database, request, report, `${request.file}: could not be read as legacy entries: ${errorMessage(error)}`, null, started, startedMs);
  }
  if (isShapeError(normalized)) return fail(database, request, report, `${request.file}: ${normalized.error}`, null, started, startedMs);
  report.entries = normalized.entries;
  report.notes.push(...normalized.notes);

  let outcome: Outcome;
  try {
    const work = (connection: DuckDBConnection) => importInTransaction(connection, request, normalized, report, read.sha256, started, startedMs);
    outcome = request.dryRun ? await rolledBack(database, work) : await database.transaction(work);
  } catch (error) {
    return fail(database, request, report, `${request.file}: import failed and was rolled back: ${errorMessage(error)}`, null, started, startedMs);
  }

  if (outcome.kind === 'already-imported') return finishEarlierImport(database, request, report, outcome.previous);
  if (request.dryRun) return { ...outcome.report, status: 'dry-run' };
  if (!request.fromBackup) await backUp(database, request, outcome.report, outcome.ledgerId);
  return outcome.report;
}

async function importInTransaction(
  connection: DuckDBConnection,
  request: FileImportRequest,
  normalized: NormalizedFile,
  base: LegacyFileReport,
  sha256: string,
  started: Date,
  startedMs: number,
): Promise<Outcome> {
  const previous = await findImported(connection, request.file, sha256);
  if (previous && !request.force) return { kind: 'already-imported', previous };

  const merge = await stageAndMerge(connection, normalized.target, normalized.rows, request.context.zone);
  const skipped: SkippedEntry[] = [...normalized.skipped, ...merge.skipped]
    .sort((a, b) => a.index - b.index)
    .map(({ entry, reason }) => ({ entry, reason }));
  const report: LegacyFileReport = {
    ...base,
    status: 'imported',
    inserted: merge.inserted,
    updated: merge.updated,
    unchanged: merge.unchanged,
    skipped,
    needsPassword: normalized.needsPassword.filter(merge.imported),
  };
  // A dry run writes no ledger or audit row: their sequences would advance even when rolled back.
  if (request.dryRun) return { kind: 'imported', ledgerId: -1, report };
  const ledgerId = await insertLedgerRow(connection, {
    file: request.file,
    path: request.sourcePath,
    sha256,
    status: 'imported',
    forced: request.force,
    entries: report.entries,
    inserted: report.inserted,
    updated: report.updated,
    skipped,
    error: null,
    startedAt: started,
  });
  await appendImportAudit(connection, {
    actor: request.actor,
    file: request.file,
    outcome: 'ok',
    details: auditDetails(report, request.force),
    durationMs: performance.now() - startedMs,
  });
  return { kind: 'imported', ledgerId, report };
}

/** Same work, rolled back: a dry run reports exactly what the import would do. */
async function rolledBack(database: Database, work: (connection: DuckDBConnection) => Promise<Outcome>): Promise<Outcome> {
  try {
    await database.read((connection) =>
      inTransaction(connection, async (inner) => {
        throw new DryRunRollback(await work(inner));
      }),
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcome;
    throw error;
  }
  throw new Error('unreachable: the dry run did not roll back');
}

/** These bytes were committed by an earlier run that died before (or while) moving the file. */
async function finishEarlierImport(
  database: Database,
  request: FileImportRequest,
  report: LegacyFileReport,
  previous: ImportedRow,
): Promise<LegacyFileReport> {
  const when = previous.finishedAt ? ` on ${previous.finishedAt.toISOString()}` : '';
  const result: LegacyFileReport = { ...report, status: 'skipped', reason: `already imported${when} (import #${previous.id}); not imported again` };
  if (request.dryRun) {
    result.reason += '; a real run would move the file to its backup';
    return result;
  }
  await backUp(database, request, result, previous.id);
  if (result.backupPath) result.reason += '; moved the file to its backup';
  return result;
}

/** Moves the file to its backup and records where; a failure leaves a note, the next run retries. */
async function backUp(database: Database, request: FileImportRequest, report: LegacyFileReport, ledgerId: number): Promise<void> {
  try {
    report.backupPath = moveToBackup(request.sourcePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      report.notes.push('the file was gone before it could be moved to a backup (moved by someone else?)');
      return;
    }
    report.notes.push(`imported, but the file could not be moved to a backup (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}); the next run retries`);
    return;
  }
  try {
    const backupPath = report.backupPath;
    await database.transaction((connection) => setBackupPath(connection, ledgerId, backupPath));
  } catch (error) {
    report.notes.push(`backup made, but its path was not recorded in system_legacy_imports: ${errorMessage(error)}`);
  }
}

/** A file that cannot be imported: nothing of it is written; the failure is recorded unless dry. */
async function fail(
  database: Database,
  request: FileImportRequest,
  report: LegacyFileReport,
  error: string,
  position: JsonErrorPosition | null,
  started: Date,
  startedMs: number,
): Promise<LegacyFileReport> {
  const failed: LegacyFileReport = { ...report, status: 'failed', error, errorPosition: position, inserted: 0, updated: 0, unchanged: 0, skipped: [], needsPassword: [] };
  if (request.dryRun) return failed;
  try {
    await database.transaction(async (connection) => {
      await insertLedgerRow(connection, {
        file: request.file,
        path: request.sourcePath,
        sha256: report.sha256,
        status: 'failed',
        forced: request.force,
        entries: report.entries,
        inserted: 0,
        updated: 0,
        skipped: [],
        error,
        startedAt: started,
      });
      await appendImportAudit(connection, {
        actor: request.actor,
        file: request.file,
        outcome: 'error',
        details: auditDetails(failed, request.force),
        durationMs: performance.now() - startedMs,
      });
    });
  } catch (recordError) {
    failed.notes.push(`the failure could not be recorded in system_legacy_imports: ${errorMessage(recordError)}`);
  }
  return failed;
}

function auditDetails(report: LegacyFileReport, forced: boolean): Record<string, unknown> {
  return {
    file: report.file,
    path: report.path,
    sha256: report.sha256,
    status: report.status,
    forced,
    entries: report.entries,
    inserted: report.inserted,
    updated: report.updated,
    unchanged: report.unchanged,
    skipped: report.skipped.length,
    needsPassword: report.needsPassword,
    error: report.error,
  };
}
