/**
 * Issue 5's bench: a 1 M-row PostgreSQL table imported into DuckDB through DuckQuery (the
 * connector's cursor, text transport, DuckDB appender into a temp table, one cast pass,
 * landTable), against the bare `pg` driver reading the same rows into memory through the same
 * kind of cursor (its default type parsing: the driver's limit; and all-text: the transport).
 * Another line lands the same stream through CSV batches under uploads/ read by read_csv — the
 * alternative measured.
 * Skipped, saying why, when the PostgreSQL test server is down (npm run test:connectors starts it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { quotedIdentifier } from '@duckdb/node-api';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { castFromText } from '../src/server/connectors/cast-from-text';
import { BATCH_ROWS, createConnectorsService } from '../src/server/connectors/connectors-service';
import { startConnectorImport } from '../src/server/connectors/import-into-duckdb';
import { closeAllSessions } from '../src/server/connectors/session-cache';
import { uniqueColumnNames } from '../src/server/connectors/unique-names';
import { landTable } from '../src/server/ingest/land-table';
import { startup } from '../src/server/startup';
import { createDatasourcesService } from '../src/server/datasources/datasources-service';
import type { AppContext } from '../src/server/app-context';
import { fmt, table } from './lib/markdown';
import { median, timeMs } from './lib/stats';
import { makeTempDir } from './lib/temp-dir';

const PG = {
  host: process.env.DQ_TEST_PG_HOST || '127.0.0.1',
  port: Number(process.env.DQ_TEST_PG_PORT || 5432),
  user: process.env.DQ_TEST_PG_USER || 'duckquery_test',
  password: process.env.DQ_TEST_PG_PASSWORD || 'duckquery-test-pw',
  database: process.env.DQ_TEST_PG_DATABASE || 'duckquery_test',
};
const SCHEMA = 'dq_bench';
const TABLE = 'million';

export type ConnectorBenchResult =
  | { skipped: string }
  | { rows: number; rounds: number; driverMs: number; driverTextMs: number; appenderMs: number; csvMs: number; appenderRatio: number; csvRatio: number; rowsPerSecond: number; best: Record<'driver' | 'driverText' | 'appender' | 'csv', number> };

export async function connectorImportBench({ rows = 1_000_000, rounds = 4 } = {}): Promise<ConnectorBenchResult> {
  const admin = new pg.Client({ ...PG, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return { skipped: `PostgreSQL at ${PG.host}:${PG.port} is not reachable (${(error as Error).message}); start it with scripts/ci/start-db-servers.sh` };
  }
  const temp = makeTempDir('connectors');
  try {
    await seed(admin, rows);
    const config = loadConfig({ DUCKQUERY_DATA_DIR: path.join(temp.dir, 'data'), DUCKQUERY_CONFIG_DIR: path.join(temp.dir, 'config'), DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' } as never);
    const { app, database } = await startup(config);
    try {
      // Saved as a user would: the password encrypted at rest.
      await createDatasourcesService(app, 'bench').create({ id: 'bench_pg', name: 'bench', type: 'postgresql', params: { ...PG, schema: SCHEMA } });

      const driver: number[] = [];
      const driverText: number[] = [];
      const appender: number[] = [];
      const csv: number[] = [];
      for (let round = 0; round < rounds; round++) {
        driver.push(await timeMs(() => driverRead(rows, false)));
        driverText.push(await timeMs(() => driverRead(rows, true)));
        // The two landing paths alternate which goes first: the first of a pair measured slower.
        const pair = [
          async () => {
            appender.push(await timeMs(() => duckqueryImport(app, `bench_appender_${round}`, rows)));
            await settle(app, `bench_appender_${round}`);
          },
          async () => {
            csv.push(await timeMs(() => csvImport(app, `bench_csv_${round}`, rows)));
            await settle(app, `bench_csv_${round}`);
          },
        ];
        if (round % 2 === 1) pair.reverse();
        for (const run of pair) await run();
      }
      const driverMs = median(driver);
      const appenderMs = median(appender);
      const csvMs = median(csv);
      return { rows, rounds, driverMs, driverTextMs: median(driverText), appenderMs, csvMs, appenderRatio: appenderMs / driverMs, csvRatio: csvMs / driverMs, rowsPerSecond: rows / (appenderMs / 1000), best: { driver: Math.min(...driver), driverText: Math.min(...driverText), appender: Math.min(...appender), csv: Math.min(...csv) } };
    } finally {
      await closeAllSessions();
      database.close();
    }
  } finally {
    await admin.end();
    temp.remove();
  }
}

/** Outside the timings: the landed table's column profile (computed after landing) finishes, then the table goes. */
async function settle(app: AppContext, tableName: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const source = await app.stores.fileSources.get(tableName);
    if (source?.extra.profile_status !== 'pending') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.database.read((c) => c.run(`DROP TABLE IF EXISTS ${quotedIdentifier(tableName)}`));
  await app.database.transaction((c) => c.run('DELETE FROM system_file_sources WHERE source_id = $1', [tableName]));
  await app.database.read((c) => c.run('CHECKPOINT')); // not inside the next timing
}

async function seed(admin: pg.Client, rows: number): Promise<void> {
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
  const existing = await admin.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`, [SCHEMA, TABLE]);
  if (existing.rows[0].n === 1 && (await admin.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.${TABLE}`)).rows[0].n === rows) return;
  await admin.query(`DROP TABLE IF EXISTS ${SCHEMA}.${TABLE}`);
  await admin.query(`CREATE TABLE ${SCHEMA}.${TABLE} AS
    SELECT g::bigint AS id, 'customer ' || (g % 5000) AS label, round((random() * 10000)::numeric, 2)::numeric(12,2) AS amount,
           timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS placed_at, g % 3 = 0 AS flag
      FROM generate_series(1, ${rows}) g`);
  await admin.query(`ANALYZE ${SCHEMA}.${TABLE}`);
}

/**
 * The bare driver: the same cursor and batch size, rows kept in memory; with its default parsers
 * (Dates, numbers: what an app using pg gets), or with every value left as text (what DuckQuery
 * asks of it: the pure transport limit).
 */
async function driverRead(expected: number, asText: boolean): Promise<void> {
  const client = new pg.Client(asText ? { ...PG, types: { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig } : PG);
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE c NO SCROLL CURSOR FOR SELECT * FROM ${SCHEMA}.${TABLE}`);
    const all: unknown[][] = [];
    for (;;) {
      const { rows } = await client.query<unknown[]>({ text: `FETCH FORWARD ${BATCH_ROWS} FROM c`, rowMode: 'array' });
      if (rows.length === 0) break;
      for (const row of rows) all.push(row);
    }
    await client.query('COMMIT');
    if (all.length !== expected) throw new Error(`driver read ${all.length} rows, expected ${expected}`);
  } finally {
    await client.end();
  }
}

async function duckqueryImport(app: AppContext, tableName: string, expected: number): Promise<void> {
  const started = await startConnectorImport(app, 'bench', { id: 'bench_pg', table: TABLE, schema: SCHEMA, tableName, ifExists: 'replace', wait: true });
  const landed = await started.done;
  if (landed.row_count !== expected) throw new Error(`import landed ${landed.row_count} rows, expected ${expected}`);
}

/** The alternative transport: the same row stream written as CSV batches, then read_csv and the same casts. */
async function csvImport(app: AppContext, tableName: string, expected: number): Promise<void> {
  const { session } = await createConnectorsService(app).sessionOf('bench_pg');
  fs.mkdirSync(app.config.uploadsDir, { recursive: true });
  const file = path.join(app.config.uploadsDir, `${tableName}.csv`);
  try {
    const landed = await landTable(app, {
      tableName,
      ifExists: 'replace',
      actor: 'bench',
      source: { filename: tableName, file_path: null, file_type: 'database_table' },
      build: async (connection, staging) => {
        await session.stream(session.selectTable({ schema: SCHEMA, name: TABLE }), { batchSize: BATCH_ROWS }, async ({ columns, batches }) => {
          const out = fs.createWriteStream(file);
          for await (const batch of batches) {
            const text = batch.map((row) => row.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',')).join('\n') + '\n';
            if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          }
          await new Promise<void>((resolve) => out.end(() => resolve()));
          const names = uniqueColumnNames(columns.map((c) => c.name));
          const spec = `{${names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
          const select = columns.map((c, i) => `${castFromText(`c${i}`, c.duckdb_type)} AS ${quotedIdentifier(names[i]!)}`).join(', ');
          await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS SELECT ${select} FROM read_csv($1, header = false, quote = '"', escape = '"', nullstr = '', columns = ${spec})`, [file]);
        });
      },
    });
    if (landed.row_count !== expected) throw new Error(`CSV import landed ${landed.row_count} rows, expected ${expected}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function connectorImportTable(result: ConnectorBenchResult | { error: string }): string {
  if ('error' in result) return `Not measured: ${result.error}`;
  if ('skipped' in result) return `Skipped: ${result.skipped}`;
  return [
    `${result.rows.toLocaleString('en')} rows (bigint, text, numeric(12,2), timestamptz, boolean) from PostgreSQL on loopback; ${result.rounds} rounds, the two landing paths alternating which goes first.`,
    '',
    table(
      ['path', 'median (s)', 'best (s)', 'ratio to the bare driver (medians)'],
      [
        ['bare `pg` driver, cursor, rows into memory, default type parsers (the driver\'s limit)', fmt(result.driverMs / 1000, 2), fmt(result.best.driver / 1000, 2), '1.00'],
        ['bare `pg` driver, same, every value as text (transport only)', fmt(result.driverTextMs / 1000, 2), fmt(result.best.driverText / 1000, 2), fmt(result.driverTextMs / result.driverMs, 2)],
        ['DuckQuery import: DuckDB appender into a temp table + one cast pass (**used**)', fmt(result.appenderMs / 1000, 2), fmt(result.best.appender / 1000, 2), fmt(result.appenderRatio, 2)],
        ['same stream through CSV spool batches + read_csv with the casts', fmt(result.csvMs / 1000, 2), fmt(result.best.csv / 1000, 2), fmt(result.csvRatio, 2)],
      ],
    ),
    '',
    `DuckQuery lands ${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s, typed, with its file-source row.`,
  ].join('\n');
}
