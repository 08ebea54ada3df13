import pg from 'pg';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { ColumnInfo, Connector, ConnectorSession, RowStream, StreamOptions, TableInfo, TableRef, TextValue } from './connector';
import { commonParams, foldLegacyUsername, serverParams, tlsOptions } from './common-params';
import { postgresToDuckdb } from './postgresql-types';
import { stripTrailingSemicolons } from './sql-text';

const params = z.preprocess(
  foldLegacyUsername,
  z.object({
    ...serverParams(5432),
    schema: z.string().min(1).max(200).default('public').describe('Schema whose tables are listed first and used when a table is named without one'),
    ...commonParams,
  }),
);
type PostgresParams = z.output<typeof params>;

/** Every value arrives as PostgreSQL's own text: no lossy Date or float parsing on the way. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

export const postgresqlConnector: Connector<PostgresParams> = {
  type: 'postgresql',
  label: 'PostgreSQL',
  params,
  secretFields: ['password'],
  pooled: true,
  async open(p, context) {
    const pool = new pg.Pool({
      host: p.host,
      port: p.port,
      user: p.user,
      password: p.password,
      database: p.database,
      ssl: tlsOptions(p.ssl, p.ssl_ca),
      connectionTimeoutMillis: p.connect_timeout_seconds * 1000,
      statement_timeout: p.query_timeout_seconds * 1000, // browsing (counts, catalog reads) too
      idleTimeoutMillis: 30_000,
      max: 4,
      application_name: (context.label ? `DuckQuery ${context.label}` : 'DuckQuery').slice(0, 63),
      types: RAW_TEXT,
      // Fixed output formats DuckDB parses: ISO dates, UTC offsets, round-trip floats.
      options: '-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres -c extra_float_digits=3',
    });
    pool.on('error', () => undefined); // an idle client dropped by the server is simply replaced
    return new PostgresSession(pool, p);
  },
};

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

class PostgresSession implements ConnectorSession {
  constructor(
    private readonly pool: pg.Pool,
    private readonly p: PostgresParams,
  ) {}

  async version(): Promise<string> {
    const { rows } = await this.pool.query<{ version: string }>('SELECT version() AS version');
    return rows[0]!.version;
  }

  async listTables(): Promise<TableInfo[]> {
    const { rows } = await this.pool.query<{ table_schema: string; table_name: string; table_type: string }>(
      `SELECT table_schema, table_name, table_type FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_toast%'
        ORDER BY table_schema <> $1, table_schema, table_name`,
      [this.p.schema],
    );
    return rows.map((r) => ({ schema: r.table_schema, name: r.table_name, type: r.table_type === 'VIEW' ? 'view' : 'table' }));
  }

  async describeTable(table: TableRef): Promise<ColumnInfo[]> {
    const { rows } = await this.pool.query<{ name: string; type: string; nullable: boolean }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
         FROM pg_attribute a
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [this.qualified(table)],
    );
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `Table '${this.display(table)}' was not found`, { table: this.display(table) });
    return rows.map((r) => ({ name: r.name, source_type: r.type, duckdb_type: postgresToDuckdb(r.type), nullable: isTrue(r.nullable) }));
  }

  async countRows(table: TableRef): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.qualified(table)}`);
    return Number(rows[0]!.n);
  }

  selectTable(table: TableRef): string {
    return `SELECT * FROM ${this.qualified(table)}`;
  }

  /**
   * Every text that holds the user's SQL is sent with the extended protocol, which PostgreSQL
   * runs as exactly one statement: `…; COMMIT; DELETE …` cannot leave the read-only transaction.
   * In one transaction (READ ONLY unless the connection is writable) with a statement timeout:
   * a SELECT is described (LIMIT 0), then read through a cursor, FETCH by FETCH, with arrays
   * sent as JSON and bytea as hex. A statement that cannot be wrapped (SHOW, a write) runs as is.
   */
  async stream(sql: string, options: StreamOptions, work: (rows: RowStream) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', () => undefined); // a cancel destroys the socket on purpose; the error is ours
    let destroy = false;
    const onAbort = () => {
      destroy = true;
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await client.query(this.p.writable ? 'BEGIN' : 'BEGIN TRANSACTION READ ONLY');
      // A preview or query has the time limit; an import (no maxRows) streams as long as it takes and can be cancelled.
      await client.query(`SET LOCAL statement_timeout = ${options.maxRows === undefined ? 0 : this.p.query_timeout_seconds * 1000}`);
      // Unqualified names resolve in the connection's schema first, as the legacy `schema` param meant.
      await client.query(`SET LOCAL search_path = ${q(this.p.schema)}, public`);
      const text = stripTrailingSemicolons(sql);
      const fields = await this.probe(client, text);
      if (fields === null) await work(await this.runDirect(client, text, options));
      else await work(await this.cursor(client, text, fields, options));
      await client.query('COMMIT');
    } catch (error) {
      if (!destroy) await client.query('ROLLBACK').catch(() => undefined);
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      client.release(destroy);
    }
  }

  /** The result's columns with their types, or null when the statement is not a wrappable query. */
  private async probe(client: pg.PoolClient, sql: string): Promise<ColumnInfo[] | null> {
    await client.query('SAVEPOINT dq_probe');
    let result: pg.QueryResult;
    try {
      result = await client.query(oneStatement(`SELECT * FROM (${sql}\n) AS dq_q LIMIT 0`));
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT dq_probe');
      return null;
    }
    await client.query('RELEASE SAVEPOINT dq_probe');
    return this.columnsOf(client, result.fields);
  }

  private async columnsOf(client: pg.PoolClient, fields: pg.FieldDef[]): Promise<ColumnInfo[]> {
    if (fields.length === 0) return [];
    const { rows } = await client.query<{ type: string }>(
      'SELECT format_type(t.oid, t.mod) AS type FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS t(oid, mod, i) ORDER BY t.i',
      [fields.map((f) => f.dataTypeID), fields.map((f) => f.dataTypeModifier)],
    );
    return fields.map((f, i) => ({ name: f.name, source_type: rows[i]!.type, duckdb_type: postgresToDuckdb(rows[i]!.type), nullable: null }));
  }

  private async cursor(client: pg.PoolClient, sql: string, columns: ColumnInfo[], options: StreamOptions): Promise<RowStream> {
    const aliases = columns.map((_, i) => `c${i}`);
    const selectList = columns.map((c, i) =>
      c.duckdb_type.endsWith('[]') ? `to_json(dq_q.c${i})::text` : c.duckdb_type === 'BLOB' ? `encode(dq_q.c${i}, 'hex')` : `dq_q.c${i}`,
    );
    const wrapped = columns.length === 0 ? sql : `SELECT ${selectList.join(', ')} FROM (${sql}\n) AS dq_q(${aliases.join(', ')})`;
    await client.query(oneStatement(`DECLARE dq_cursor NO SCROLL CURSOR FOR ${wrapped}`));
    const fixBc = columns.map((c) => /^(DATE|TIMESTAMP|TIMESTAMPTZ)$/.test(c.duckdb_type));
    const anyBc = fixBc.some(Boolean);
    const { batchSize, maxRows = Infinity, signal } = options;
    const fetch = (count: number) => {
      const pending = client.query<TextValue[]>({ text: `FETCH FORWARD ${count} FROM dq_cursor`, rowMode: 'array' }).then((r) => r.rows);
      pending.catch(() => undefined); // awaited below, or abandoned when the consumer stops early
      return pending;
    };
    // The next batch is requested before this one is handed over: the server and the network work
    // while the consumer (the DuckDB appender) does.
    async function* batches(): AsyncGenerator<TextValue[][]> {
      let fetched = 0;
      let count = Math.min(batchSize, maxRows);
      let next = fetch(count);
      while (fetched < maxRows) {
        signal?.throwIfAborted();
        const rows = await next;
        if (rows.length === 0) return;
        fetched += rows.length;
        const more = rows.length === count && fetched < maxRows;
        if (more) next = fetch((count = Math.min(batchSize, maxRows - fetched)));
        if (anyBc) for (const row of rows) fixBcValues(row, fixBc);
        yield rows;
        if (!more) return;
      }
    }
    return { columns, batches: batches() };
  }

  private async runDirect(client: pg.PoolClient, sql: string, options: StreamOptions): Promise<RowStream> {
    const result = await client.query<TextValue[]>({ ...oneStatement(sql), rowMode: 'array' });
    const columns = await this.columnsOf(client, result.fields ?? []);
    const rows = (result.rows ?? []).slice(0, options.maxRows ?? Infinity);
    async function* batches(): AsyncGenerator<TextValue[][]> {
      if (rows.length > 0) yield rows;
    }
    return { columns, batches: batches() };
  }

  private qualified(table: TableRef): string {
    return `${q(table.schema ?? this.p.schema)}.${q(table.name)}`;
  }

  private display(table: TableRef): string {
    return `${table.schema ?? this.p.schema}.${table.name}`;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** PostgreSQL writes BC dates as "0044-03-15 BC"; DuckDB reads "(BC)" (and silently drops a bare "BC"). */
function fixBcValues(row: TextValue[], columns: boolean[]): void {
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (columns[i] && value && value.endsWith(' BC')) row[i] = `${value.slice(0, -3)} (BC)`;
  }
}

/** The extended query protocol (pg's `queryMode`, missing from @types/pg): the server runs exactly one statement. */
function oneStatement(text: string): pg.QueryConfig {
  return { text, queryMode: 'extended' } as pg.QueryConfig;
}

/** Booleans arrive as PostgreSQL's text ('t' / 'f'), like every other value. */
function isTrue(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}
