import fs from 'node:fs';
import path from 'node:path';
import { quotedIdentifier } from '@duckdb/node-api';
import type { Database } from '@/server/db/database';
import { openTestApp } from '../helpers/test-app';

// These suites run hundreds of queries in seconds, far past a person's rate; the query rate
// limit itself is tested in rate-limit.test.ts.
process.env.DUCKQUERY_RATE_LIMIT_QUERY ??= 'off';

/**
 * A fresh app over a hardened DuckDB file with user tables (`sales`, `regions`) and a row in
 * every system table the app writes, so that an attack that changes anything shows.
 */
export async function openQueryApp(env: Record<string, string> = {}) {
  const t = await openTestApp({ DUCKQUERY_QUERY_TIMEOUT_MS: '3000', ...env });
  await t.caller.query.run({
    sql: `CREATE TABLE sales AS SELECT range AS id, (range % 5) AS region_id, (range * 1.25)::DECIMAL(18,2) AS amount FROM range(2000);
          CREATE TABLE regions AS SELECT * FROM (VALUES (0, 'north'), (1, 'south'), (2, 'east'), (3, 'west'), (4, '华东')) AS r(region_id, name)`,
  });
  await t.caller.fileSources.upsert({ source_id: 'sales', filename: 'sales.csv', file_type: 'csv', row_count: 2000, column_count: 3, columns: ['id', 'region_id', 'amount'] });
  await t.caller.favorites.create({ name: 'Top regions', sql: 'SELECT * FROM regions', type: 'duckdb' });
  await t.caller.datasources.create({ id: 'pg1', name: 'Warehouse', type: 'postgresql', params: { host: 'db', password: 'hunter2-secret' } });
  return t;
}

export type QueryApp = Awaited<ReturnType<typeof openQueryApp>>;

/**
 * Everything an attack could change, read independently of the code under test: every table's
 * rows (count and an order-independent hash), the catalog, the engine settings, the files in the
 * data folder. The audit log is left out: refusals are appended to it (checked separately).
 */
export async function databaseFingerprint(database: Database, dataDir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  await database.read(async (connection) => {
    const all = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJS();
    const tables = await all(`SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL`);
    for (const [schema, table] of tables) {
      if (table === 'system_audit_log') continue;
      const ref = `${quotedIdentifier(String(schema))}.${quotedIdentifier(String(table))}`;
      const [[count, hash]] = (await all(`SELECT count(*), bit_xor(hash(t)) FROM ${ref} t`)) as [[bigint, bigint | null]];
      result[`rows ${schema}.${table}`] = `${count}:${hash}`;
    }
    const catalog = await all(
      `SELECT 'view', schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal
       UNION ALL SELECT 'table', schema_name, table_name, sql FROM duckdb_tables()
       UNION ALL SELECT 'index', schema_name, index_name, sql FROM duckdb_indexes()
       UNION ALL SELECT 'sequence', schema_name, sequence_name,
                        CASE WHEN sequence_name = 'system_audit_log_seq' THEN '' ELSE last_value::VARCHAR END FROM duckdb_sequences()
       UNION ALL SELECT 'macro', schema_name, function_name, macro_definition FROM duckdb_functions() WHERE NOT internal
       UNION ALL SELECT 'type', schema_name, type_name, '' FROM duckdb_types() WHERE NOT internal
       UNION ALL SELECT 'schema', database_name, schema_name, '' FROM duckdb_schemas()
       UNION ALL SELECT 'database', database_name, '', coalesce(path, '') FROM duckdb_databases()
       ORDER BY ALL`,
    );
    result.catalog = JSON.stringify(catalog);
    result.settings = JSON.stringify(await all(`SELECT name, value FROM duckdb_settings() ORDER BY name`));
    result.functions = String((await all(`SELECT count(*) FROM duckdb_functions()`))[0]![0]);
  });
  result.files = JSON.stringify(listFiles(dataDir).filter((f) => !/\.wal$|\.tmp/.test(f)));
  return result;
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory() ? [`${rel}/`, ...listFiles(path.join(dir, entry.name), rel)] : [rel];
  });
}

/** The audit log's rows up to now, to check later that none was changed or removed. */
export async function auditRows(database: Database) {
  return database.read(async (connection) => {
    const reader = await connection.runAndReadAll(`SELECT id, hash(a) AS h, action, outcome FROM system_audit_log a ORDER BY id`);
    return reader.getRowObjectsJS().map((r) => ({ id: Number(r.id), h: String(r.h), action: String(r.action), outcome: String(r.outcome) }));
  });
}
