import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from './database';
import type { EngineSettings } from './engine-settings';
import { errorMessage } from './errors';

export interface SelfCheckResult {
  ok: boolean;
  duckdbVersion: string | null;
  problems: string[];
}

const REQUIRED_TABLES = [
  'system_schema_migrations',
  'system_file_sources',
  'system_sql_favorites',
  'system_datasources',
  'system_legacy_imports',
  'system_audit_log',
];

/**
 * Start-up self-check: the engine answers, ICU time zones work (legacy timestamps need them),
 * every system table exists, a write transaction commits, and — on a hardened engine — every
 * hardening setting reads back as set and file access outside the allowed folders really fails.
 */
export async function runSelfCheck(database: Database): Promise<SelfCheckResult> {
  const problems: string[] = [];
  let duckdbVersion: string | null = null;
  try {
    await database.read(async (connection) => {
      const info = await connection.runAndReadAll(
        `SELECT version() AS v, timezone('Asia/Shanghai', TIMESTAMP '2025-01-01 08:00:00')::VARCHAR AS tz`,
      );
      const row = info.getRowObjectsJS()[0] as { v: string; tz: string };
      duckdbVersion = row.v;
      if (!row.tz.startsWith('2025-01-01 00:00:00')) problems.push(`ICU time zones are not working (${row.tz})`);
      const tables = await connection.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE 'system_%'`,
      );
      const present = new Set(tables.getRowObjectsJS().map((r) => String(r.table_name)));
      for (const table of REQUIRED_TABLES) if (!present.has(table)) problems.push(`system table ${table} is missing`);
      if (database.engine) problems.push(...(await engineProblems(connection, database.engine, database.path)));
    });
    await database.transaction(async (connection) => {
      await connection.run('CREATE TEMP TABLE IF NOT EXISTS self_check_probe (x INTEGER)');
      await connection.run('DROP TABLE self_check_probe');
    });
  } catch (error) {
    problems.push(errorMessage(error));
  }
  return { ok: problems.length === 0, duckdbVersion, problems };
}

/** Settings that must read back exactly so (DuckDB spells booleans 'true'/'false'). */
const LOCKED_DOWN: Record<string, string> = {
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  lock_configuration: 'true',
  TimeZone: 'UTC',
};

/**
 * Reads every hardening setting back from duckdb_settings() and probes the file guard itself.
 * DuckDB adds its own files (the database, its WAL, its temp folder) to the allowed paths; any
 * other allowed folder than ours is a problem.
 */
export async function engineProblems(connection: DuckDBConnection, engine: EngineSettings, dbPath: string): Promise<string[]> {
  const problems: string[] = [];
  const reader = await connection.runAndReadAll(`SELECT name, value FROM duckdb_settings()`);
  const settings = new Map(reader.getRowsJS().map(([name, value]) => [String(name), value === null ? null : String(value)]));
  for (const [name, expected] of Object.entries(LOCKED_DOWN)) {
    const actual = settings.get(name);
    if (actual?.toLowerCase() !== expected.toLowerCase()) problems.push(`engine setting ${name} is ${actual ?? 'missing'}, expected ${expected}`);
  }

  const allowed = (await connection.runAndReadAll(`SELECT unnest(current_setting('allowed_directories')) AS dir`)).getRowsJS().map(([d]) => String(d));
  for (const dir of engine.allowedDirectories) if (!allowed.includes(dir)) problems.push(`allowed_directories lacks ${dir}`);
  const duckdbOwn = engine.tempDirectory ?? `${dbPath}.tmp`;
  for (const dir of allowed) {
    if (!engine.allowedDirectories.includes(dir) && !dir.startsWith(duckdbOwn)) problems.push(`allowed_directories has an unexpected entry ${dir}`);
  }

  for (const [name, wanted] of [
    ['memory_limit', engine.memoryLimit],
    ['max_temp_directory_size', engine.maxTempDirectorySize],
  ] as const) {
    if (wanted && !(await sameByteSize(connection, settings.get(name) ?? null, wanted))) {
      problems.push(`engine setting ${name} is ${settings.get(name)}, expected ${wanted}`);
    }
  }
  if (engine.tempDirectory && settings.get('temp_directory') !== engine.tempDirectory) {
    problems.push(`engine setting temp_directory is ${settings.get('temp_directory')}, expected ${engine.tempDirectory}`);
  }

  // The guard itself: a folder outside the allowed ones (the database's own folder) must be refused.
  const probe = path.join(dbPath === ':memory:' ? path.parse(process.cwd()).root : path.dirname(dbPath), '*');
  try {
    await connection.runAndReadAll(`SELECT count(*) FROM glob($1)`, [probe]);
    problems.push(`external file access is not blocked (glob of ${probe} succeeded)`);
  } catch (error) {
    if (!/Permission Error/i.test(errorMessage(error))) problems.push(`file access probe failed unexpectedly: ${errorMessage(error)}`);
  }
  try {
    await connection.run(`SET TimeZone = 'UTC'`); // the value it already has: harmless if the lock were off
    problems.push('the engine configuration is not locked (SET succeeded)');
  } catch {
    // refused, as it must be
  }
  return problems;
}

/** DuckDB reports sizes in its own rounding ('953.6 MiB' for 1GB): compare in that form. */
async function sameByteSize(connection: DuckDBConnection, actual: string | null, wanted: string): Promise<boolean> {
  if (!actual) return false;
  const reader = await connection.runAndReadAll(`SELECT format_bytes(parse_formatted_bytes($1)::BIGINT) AS w`, [wanted]);
  return reader.getRowsJS()[0]?.[0] === actual;
}
