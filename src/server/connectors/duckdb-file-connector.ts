import { DuckDBInstance, quotedIdentifier, StatementType, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { ColumnInfo, Connector, ConnectorSession, RowStream, StreamOptions, TableInfo, TableRef, TextValue } from './connector';
import { commonParams } from './common-params';
import { resolveDatabaseFile } from './file-location';
import { stripTrailingSemicolons } from './sql-text';

const params = z.object({
  database: z.string().min(1).max(4096).describe('Path of the DuckDB file, inside the uploads folder or a server mount (a relative path is in the uploads folder)'),
  ...commonParams,
});
type DuckdbFileParams = z.output<typeof params>;

/**
 * Another DuckDB database file, opened in its own instance: READ_ONLY unless writable, and
 * hardened like DuckQuery's own engine (no file, network or extension access beyond the file
 * itself, configuration locked), so a query on it cannot read the server's files.
 */
export const duckdbFileConnector: Connector<DuckdbFileParams> = {
  type: 'duckdb',
  label: 'DuckDB file',
  params,
  secretFields: [],
  pooled: false,
  async open(p, context) {
    const file = resolveDatabaseFile(p.database, context.allowedFileDirs);
    const instance = await DuckDBInstance.create(file, {
      access_mode: p.writable ? 'READ_WRITE' : 'READ_ONLY',
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      threads: '2',
    });
    try {
      const connection = await instance.connect();
      await connection.run("SET TimeZone = 'UTC'"); // timestamps with zones travel as UTC text
      await connection.run('SET lock_configuration = true');
      connection.closeSync();
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    return new DuckdbFileSession(instance, p);
  },
};

/** DuckDB value → transported text: nested values as JSON, BLOB as hex, the rest DuckDB's own text. */
function textExpression(position: number, type: DuckDBType): string {
  const name = type.toString();
  if (name === 'BLOB') return `hex(#${position})`;
  if (/\[\d*\]$/.test(name) || /^(STRUCT|MAP|UNION)/.test(name)) return `to_json(#${position})::VARCHAR`;
  return `CAST(#${position} AS VARCHAR)`;
}

class DuckdbFileSession implements ConnectorSession {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly p: DuckdbFileParams,
  ) {}

  private async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  async version(): Promise<string> {
    return this.withConnection(async (c) => `DuckDB ${String((await c.runAndReadAll('SELECT version()')).getRows()[0]![0])}`);
  }

  async listTables(): Promise<TableInfo[]> {
    return this.withConnection(async (c) => {
      const reader = await c.runAndReadAll(
        `SELECT s, n, k FROM (
           SELECT schema_name AS s, table_name AS n, 'table' AS k FROM duckdb_tables() WHERE NOT internal AND NOT temporary AND database_name = current_database()
           UNION ALL
           SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE NOT internal AND NOT temporary AND database_name = current_database()
         ) ORDER BY s <> 'main', s, n`,
      );
      return reader.getRows().map(([schema, name, type]) => ({ schema: String(schema) === 'main' ? null : String(schema), name: String(name), type: type === 'view' ? 'view' : 'table' }));
    });
  }

  async describeTable(table: TableRef): Promise<ColumnInfo[]> {
    return this.withConnection(async (c) => {
      const reader = await c.runAndReadAll(
        `SELECT column_name, data_type, is_nullable FROM duckdb_columns()
          WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2 ORDER BY column_index`,
        [table.schema ?? 'main', table.name],
      );
      const rows = reader.getRows();
      if (rows.length === 0) throw new DomainError('NOT_FOUND', `Table '${table.name}' was not found`, { table: table.name });
      return rows.map(([name, type, nullable]) => ({ name: String(name), source_type: String(type), duckdb_type: String(type), nullable: Boolean(nullable) }));
    });
  }

  async countRows(table: TableRef): Promise<number> {
    return this.withConnection(async (c) => Number((await c.runAndReadAll(`SELECT count(*) FROM ${this.qualified(table)}`)).getRows()[0]![0]));
  }

  selectTable(table: TableRef): string {
    return `SELECT * FROM ${this.qualified(table)}`;
  }

  /** The statement's rows chunk by chunk; the query timeout and a cancel both interrupt DuckDB. */
  async stream(sql: string, options: StreamOptions, work: (rows: RowStream) => Promise<void>): Promise<void> {
    await this.withConnection(async (connection) => {
      const interrupt = () => connection.interrupt();
      options.signal?.addEventListener('abort', interrupt, { once: true });
      const timer = options.maxRows === undefined ? null : setTimeout(interrupt, this.p.query_timeout_seconds * 1000);
      try {
        const text = stripTrailingSemicolons(sql);
        const prepared = await connection.prepare(text);
        const columns: ColumnInfo[] = Array.from({ length: prepared.columnCount }, (_, i) => {
          const type = prepared.columnType(i).toString();
          return { name: prepared.columnName(i), source_type: type, duckdb_type: type, nullable: null };
        });
        if (columns.length === 0 || prepared.statementType !== StatementType.SELECT) {
          await prepared.run();
          await work({ columns: [], batches: (async function* () {})() });
          return;
        }
        const select = columns.map((_, i) => textExpression(i + 1, prepared.columnType(i))).join(', ');
        const result = await connection.stream(`SELECT ${select} FROM (${text}\n)`);
        const { batchSize, maxRows = Infinity, signal } = options;
        async function* batches(): AsyncGenerator<TextValue[][]> {
          let batch: TextValue[][] = [];
          let total = 0;
          for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
            signal?.throwIfAborted();
            for (const row of chunk.getRows()) {
              batch.push(row as TextValue[]);
              if (++total >= maxRows) break;
            }
            if (total >= maxRows) break;
            if (batch.length >= batchSize) {
              yield batch;
              batch = [];
            }
          }
          if (batch.length > 0) yield batch;
        }
        await work({ columns, batches: batches() });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (/INTERRUPT/i.test(String(error))) throw new DomainError('TIMEOUT', `The query ran past its time limit (${this.p.query_timeout_seconds} s) and was stopped`);
        throw error;
      } finally {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', interrupt);
      }
    });
  }

  private qualified(table: TableRef): string {
    return `${quotedIdentifier(table.schema ?? 'main')}.${quotedIdentifier(table.name)}`;
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }
}
