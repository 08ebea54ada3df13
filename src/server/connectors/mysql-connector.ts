import mysql from 'mysql2';
import type { FieldPacket, Pool, PoolConnection } from 'mysql2';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { ColumnInfo, Connector, ConnectorSession, RowStream, StreamOptions, TableInfo, TableRef, TextValue } from './connector';
import { commonParams, foldLegacyUsername, serverParams, tlsOptions } from './common-params';
import { mysqlSourceType, mysqlToDuckdb } from './mysql-types';
import { stripTrailingSemicolons } from './sql-text';

const params = z.preprocess(foldLegacyUsername, z.object({ ...serverParams(3306), ...commonParams }));
type MysqlParams = z.output<typeof params>;

/** MySQL and MariaDB (the same protocol and driver). */
export const mysqlConnector: Connector<MysqlParams> = {
  type: 'mysql',
  label: 'MySQL / MariaDB',
  params,
  secretFields: ['password'],
  pooled: true,
  async open(p) {
    const pool = mysql.createPool({
      host: p.host,
      port: p.port,
      user: p.user,
      password: p.password,
      database: p.database,
      ssl: tlsOptions(p.ssl, p.ssl_ca),
      connectTimeout: p.connect_timeout_seconds * 1000,
      connectionLimit: 4,
      maxIdle: 1,
      idleTimeout: 30_000,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      multipleStatements: false,
    });
    // TIMESTAMP columns come out in UTC, so they can be read as instants.
    pool.on('connection', (connection) => connection.query("SET time_zone = '+00:00'"));
    return new MysqlSession(pool, p);
  },
};

/** Streamed values as the server's text (binary ones as bytes): nothing lossy on the way to DuckDB. */
const asText: mysql.TypeCast = (field) => (BYTES.has(field.type) ? field.buffer() : field.string());
const BYTES = new Set(['TINY_BLOB', 'MEDIUM_BLOB', 'LONG_BLOB', 'BLOB', 'VAR_STRING', 'STRING', 'BIT', 'GEOMETRY']);
const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

type Raw = string | Buffer | null;

class MysqlSession implements ConnectorSession {
  constructor(
    private readonly pool: Pool,
    private readonly p: MysqlParams,
  ) {}

  private async query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const [rows] = await this.pool.promise().query({ sql, values, timeout: this.p.query_timeout_seconds * 1000 });
    return rows as T[];
  }

  async version(): Promise<string> {
    const rows = await this.query<{ v: string }>('SELECT VERSION() AS v');
    return rows[0]!.v;
  }

  async listTables(): Promise<TableInfo[]> {
    const rows = await this.query<{ s: string; n: string; t: string }>(
      `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, TABLE_TYPE AS t FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
    );
    return rows.map((r) => ({ schema: String(r.s), name: String(r.n), type: String(r.t) === 'VIEW' ? 'view' : 'table' }));
  }

  async describeTable(table: TableRef): Promise<ColumnInfo[]> {
    const info = await this.query<{ name: string; type: string; nullable: string }>(
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [table.schema, table.name],
    );
    if (info.length === 0) throw new DomainError('NOT_FOUND', `Table '${table.name}' was not found`, { table: table.name });
    const [, fields] = await this.pool.promise().query({ sql: `${this.selectTable(table)} LIMIT 0`, timeout: this.p.query_timeout_seconds * 1000 });
    const byName = new Map((fields as FieldPacket[]).map((f) => [f.name, mysqlToDuckdb(f)]));
    return info.map((c) => ({ name: String(c.name), source_type: String(c.type), duckdb_type: byName.get(String(c.name)) ?? 'VARCHAR', nullable: String(c.nullable) === 'YES' }));
  }

  async countRows(table: TableRef): Promise<number> {
    const rows = await this.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${this.qualified(table)}`);
    return Number(rows[0]!.n);
  }

  selectTable(table: TableRef): string {
    return `SELECT * FROM ${this.qualified(table)}`;
  }

  /**
   * One statement on its own pooled connection, inside START TRANSACTION READ ONLY unless the
   * connection is writable, its rows streamed with back-pressure. A preview (maxRows) has the
   * query timeout; an import streams for as long as it takes (it can be cancelled).
   */
  async stream(sql: string, options: StreamOptions, work: (rows: RowStream) => Promise<void>): Promise<void> {
    const connection = await this.pool.promise().getConnection();
    const raw = connection.connection as unknown as PoolConnection;
    let destroyed = false;
    const onAbort = () => {
      destroyed = true;
      raw.destroy();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await connection.query(this.p.writable ? 'START TRANSACTION' : 'START TRANSACTION READ ONLY');
      const timeout = options.maxRows === undefined ? undefined : this.p.query_timeout_seconds * 1000;
      const query = raw.query({ sql: stripTrailingSemicolons(sql), rowsAsArray: true, timeout, typeCast: asText });
      const rows = query.stream({ highWaterMark: options.batchSize });
      rows.on('error', () => undefined); // the same error reaches us through the query (below) or the iteration
      const fields = await new Promise<FieldPacket[] | null>((resolve, reject) => {
        query.once('fields', (f: FieldPacket[]) => resolve(f));
        query.once('error', reject);
        query.once('end', () => resolve(null));
      });
      const columns: ColumnInfo[] = (fields ?? []).map((f) => ({ name: f.name, source_type: mysqlSourceType(f), duckdb_type: mysqlToDuckdb(f), nullable: null }));
      const convert = columns.map((c) => converter(c.duckdb_type));
      const { batchSize, maxRows = Infinity, signal } = options;
      let drained = false;
      async function* batches(): AsyncGenerator<TextValue[][]> {
        let batch: TextValue[][] = [];
        let total = 0;
        for await (const row of rows as AsyncIterable<Raw[]>) {
          signal?.throwIfAborted();
          if (!Array.isArray(row)) continue; // the OK packet of a statement without rows
          batch.push(row.map((value, i) => convert[i]!(value)));
          if (++total >= maxRows) break;
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
        drained = rows.readableEnded;
        if (batch.length > 0) yield batch;
      }
      try {
        await work({ columns, batches: batches() });
      } finally {
        // Stopped early (a preview, an error): the rest of the result (and a connection paused for
        // back-pressure) must not go back to the pool.
        if (fields !== null && !drained) {
          destroyed = true;
          raw.destroy();
        }
      }
      if (!destroyed) await connection.query('COMMIT');
    } catch (error) {
      if (!destroyed) await connection.query('ROLLBACK').catch(() => undefined);
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      if (destroyed) connection.destroy();
      else connection.release();
    }
  }

  private qualified(table: TableRef): string {
    return table.schema ? `${q(table.schema)}.${q(table.name)}` : q(table.name);
  }

  async close(): Promise<void> {
    await this.pool.promise().end();
  }
}

/** The text DuckDB reads for a column: bytes as hex (BLOB) or UTF-8, BIT as its number, zero dates as NULL. */
function converter(duckdbType: string): (value: Raw) => TextValue {
  if (duckdbType === 'BLOB') return (v) => (v === null ? null : Buffer.isBuffer(v) ? v.toString('hex') : Buffer.from(v).toString('hex'));
  if (duckdbType === 'UBIGINT') return (v) => (v === null ? null : Buffer.isBuffer(v) ? BigInt(`0x${v.toString('hex') || '0'}`).toString() : v);
  if (duckdbType === 'TIMESTAMPTZ') return (v) => (v === null || isZeroDate(v) ? null : `${String(v)}+00`);
  if (duckdbType === 'DATE' || duckdbType === 'TIMESTAMP') return (v) => (v === null || isZeroDate(v) ? null : String(v));
  return (v) => (v === null ? null : Buffer.isBuffer(v) ? v.toString('utf8') : v);
}

/** MySQL's "no date" (0000-00-00…), which no calendar type holds. */
function isZeroDate(value: Raw): boolean {
  return typeof value === 'string' && value.startsWith('0000-00-00');
}
