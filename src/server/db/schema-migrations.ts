import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from './database';
import { errorMessage } from './errors';
import { inTransaction } from './transaction';

/**
 * Versioned schema migrations, after kysely's Migrator: a ledger keyed by file name with a
 * checksum; refuse to run when an applied file was edited, removed, or a new file sorts before
 * an applied one (a high-water mark would silently skip it); each file and its ledger row in one
 * transaction. Results come back per file instead of throwing, so the admin page can show them.
 *
 * A failed migration is rolled back whole (DuckDB DDL is transactional), later files are not
 * attempted, and start-up refuses to serve on a half-migrated schema (docs/CONFIGURATION.md).
 */

export const MIGRATION_FILE_PATTERN = /^\d{4}_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export interface MigrationResult {
  name: string;
  status: 'applied' | 'already-applied' | 'failed' | 'not-run';
  checksum: string;
  appliedAt?: Date;
  durationMs?: number;
  error?: string;
}

export class MigrationIntegrityError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Refusing to start: the schema migrations in migrations/ do not match the database ledger ` +
        `(system_schema_migrations):\n- ${problems.join('\n- ')}\n` +
        `Applied migrations must never be edited, removed or inserted before others; ` +
        `restore the original files, or add a new migration instead.`,
    );
    this.name = 'MigrationIntegrityError';
  }
}

export function defaultMigrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DUCKQUERY_MIGRATIONS_DIR || path.join(process.cwd(), 'migrations'));
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => MIGRATION_FILE_PATTERN.test(name))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
}

interface LedgerRow {
  name: string;
  checksum: string;
  applied_at: Date;
}

async function ensureLedger(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS system_schema_migrations (
    name VARCHAR PRIMARY KEY,
    checksum VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    duration_ms DOUBLE
  )`);
}

async function readLedger(connection: DuckDBConnection): Promise<LedgerRow[]> {
  const reader = await connection.runAndReadAll(
    'SELECT name, checksum, applied_at FROM system_schema_migrations ORDER BY name',
  );
  return reader.getRowObjectsJS() as unknown as LedgerRow[];
}

/** Problems that make the ledger and the files disagree; empty when they agree. */
export function integrityProblems(files: MigrationFile[], ledger: LedgerRow[]): string[] {
  const problems: string[] = [];
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of ledger) {
    const file = byName.get(row.name);
    if (!file) problems.push(`${row.name} was applied but its file is missing`);
    else if (file.checksum !== row.checksum) problems.push(`${row.name} was edited after it was applied`);
  }
  const lastApplied = ledger.map((row) => row.name).sort().at(-1);
  const applied = new Set(ledger.map((row) => row.name));
  for (const file of files) {
    if (!applied.has(file.name) && lastApplied !== undefined && file.name < lastApplied) {
      problems.push(`${file.name} is new but sorts before the applied ${lastApplied}`);
    }
  }
  return problems;
}

/** Ledger plus files, for the admin page; never changes anything. */
export async function migrationStatus(database: Database, dir = defaultMigrationsDir()) {
  const files = readMigrationFiles(dir);
  const ledger = await database.read(async (connection) => {
    await ensureLedger(connection);
    return readLedger(connection);
  });
  const applied = new Map(ledger.map((row) => [row.name, row]));
  return {
    problems: integrityProblems(files, ledger),
    migrations: files.map((file) => ({
      name: file.name,
      checksum: file.checksum,
      appliedAt: applied.get(file.name)?.applied_at ?? null,
      edited: applied.has(file.name) && applied.get(file.name)!.checksum !== file.checksum,
    })),
  };
}

/** Applies pending migrations in name order. Throws MigrationIntegrityError before touching anything. */
export async function runSchemaMigrations(
  database: Database,
  dir = defaultMigrationsDir(),
): Promise<MigrationResult[]> {
  const files = readMigrationFiles(dir);
  return database.read(async (connection) => {
    await ensureLedger(connection);
    const ledger = await readLedger(connection);
    const problems = integrityProblems(files, ledger);
    if (problems.length > 0) throw new MigrationIntegrityError(problems);

    const applied = new Map(ledger.map((row) => [row.name, row]));
    const results: MigrationResult[] = [];
    let failed = false;
    for (const file of files) {
      const done = applied.get(file.name);
      if (done) {
        results.push({ name: file.name, status: 'already-applied', checksum: file.checksum, appliedAt: done.applied_at });
      } else if (failed) {
        results.push({ name: file.name, status: 'not-run', checksum: file.checksum });
      } else {
        const result = await applyOne(connection, file);
        failed = result.status === 'failed';
        results.push(result);
      }
    }
    // DuckDB 1.5 cannot replay some DDL from its write-ahead log (an ALTER of a table whose
    // defaults call functions: duckdb/duckdb#18259, #20543): a crash before the next checkpoint
    // would leave a database that no longer opens. Checkpoint as soon as the schema changed.
    if (results.some((result) => result.status === 'applied')) await connection.run('CHECKPOINT');
    return results;
  });
}

async function applyOne(connection: DuckDBConnection, file: MigrationFile): Promise<MigrationResult> {
  const started = performance.now();
  try {
    await inTransaction(connection, async () => {
      const statements = await connection.extractStatements(file.sql);
      for (let index = 0; index < statements.count; index++) {
        const prepared = await statements.prepare(index);
        await prepared.run();
      }
      await connection.run('INSERT INTO system_schema_migrations (name, checksum, duration_ms) VALUES ($1, $2, $3)', [
        file.name,
        file.checksum,
        performance.now() - started,
      ]);
    });
    return { name: file.name, status: 'applied', checksum: file.checksum, durationMs: performance.now() - started };
  } catch (error) {
    return { name: file.name, status: 'failed', checksum: file.checksum, error: errorMessage(error) };
  }
}

export class MigrationFailedError extends Error {
  constructor(readonly results: MigrationResult[]) {
    const failed = results.find((result) => result.status === 'failed');
    super(
      `Refusing to start: schema migration ${failed?.name} failed and was rolled back: ${failed?.error}. ` +
        `The database is unchanged by it; fix the migration and start again.`,
    );
    this.name = 'MigrationFailedError';
  }
}
