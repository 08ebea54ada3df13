import type { Database } from './database';
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
 * every system table exists, and a write transaction commits. Issue 4 adds its engine settings here.
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
