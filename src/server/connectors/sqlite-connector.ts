import Database from 'better-sqlite3';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { ColumnInfo, Connector, ConnectorSession, RowStream, StreamOptions, TableInfo, TableRef, TextValue } from './connector';
import { commonParams } from './common-params';
import { resolveDatabaseFile } from './file-location';
import { stripTrailingSemicolons } from './sql-text';

const params = z.object({
  database: z.string().min(1).max(4096).describe('Path of the SQLite file, inside the uploads folder or a server mount (a relative path is in the uploads folder)'),
  ...commonParams,
});
type SqliteParams = z.output<typeof params>;

export const sqliteConnector: Connector<SqliteParams> = {
  type: 'sqlite',
  label: 'SQLite',
  params,
  secretFields: [],
  pooled: false,
  async open(p, context) {
    const file = resolveDatabaseFile(p.database, context.allowedFileDirs);
    // Read-only unless writable: the file itself is opened so that nothing can change it.
    const db = new Database(file, { readonly: !p.writable, fileMustExist: true, timeout: p.connect_timeout_seconds * 1000 });
    try {
      db.pragma('schema_version'); // fails now, not at the first query, when the file is not a SQLite database
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteSession(db);
  },
};

/** Statements that reach files other than the connection's own (VACUUM INTO writes one anywhere). */
const REFUSED = /^(ATTACH|DETACH|VACUUM)\b/i;
const LEADING_COMMENTS = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * SQLite's declared type → DuckDB type, by SQLite's own affinity rules
 * (https://www.sqlite.org/datatype3.html#determination_of_column_affinity), plus the common
 * date/time and boolean declarations. A column without a declared type takes the type of the
 * first value seen.
 */
export function sqliteToDuckdb(declared: string | null): string | null {
  if (!declared) return null;
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'BIGINT';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'VARCHAR';
  if (t.includes('BLOB')) return 'BLOB';
  if (/REAL|FLOA|DOUB/.test(t)) return 'DOUBLE';
  if (/^BOOL/.test(t)) return 'BOOLEAN';
  if (/^DATETIME|^TIMESTAMP/.test(t)) return 'TIMESTAMP';
  if (/^DATE$/.test(t)) return 'DATE';
  if (/^JSON$/.test(t)) return 'JSON';
  return 'DOUBLE'; // NUMERIC affinity (NUMERIC, DECIMAL(p,s)): SQLite keeps these as REAL or INTEGER
}

function typeOfValue(value: unknown): string {
  if (typeof value === 'bigint') return 'BIGINT';
  if (typeof value === 'number') return 'DOUBLE';
  if (Buffer.isBuffer(value)) return 'BLOB';
  return 'VARCHAR';
}

function toText(value: unknown): TextValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

class SqliteSession implements ConnectorSession {
  constructor(private readonly db: Database.Database) {}

  async version(): Promise<string> {
    const row = this.db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
    return `SQLite ${row.v}`;
  }

  async listTables(): Promise<TableInfo[]> {
    const rows = this.db.prepare("SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string; type: string }[];
    return rows.map((r) => ({ schema: null, name: r.name, type: r.type === 'view' ? 'view' : 'table' }));
  }

  async describeTable(table: TableRef): Promise<ColumnInfo[]> {
    const rows = this.db.prepare('SELECT name, type, "notnull" AS not_null FROM pragma_table_info(?)').all(table.name) as { name: string; type: string; not_null: number }[];
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `Table '${table.name}' was not found`, { table: table.name });
    return rows.map((r) => ({ name: r.name, source_type: r.type || '', duckdb_type: sqliteToDuckdb(r.type) ?? 'VARCHAR', nullable: r.not_null === 0 }));
  }

  async countRows(table: TableRef): Promise<number> {
    const row = this.db.prepare(`SELECT count(*) AS n FROM ${q(table.name)}`).get() as { n: number };
    return Number(row.n);
  }

  selectTable(table: TableRef): string {
    return `SELECT * FROM ${q(table.name)}`;
  }

  /**
   * better-sqlite3 is synchronous: rows are read a batch at a time and the event loop gets a
   * turn between batches (so an import can be cancelled). The file is opened read-only unless
   * the connection is writable.
   */
  async stream(sql: string, options: StreamOptions, work: (rows: RowStream) => Promise<void>): Promise<void> {
    const text = stripTrailingSemicolons(sql);
    if (REFUSED.test(text.replace(LEADING_COMMENTS, ''))) {
      throw new DomainError('FORBIDDEN', 'ATTACH, DETACH and VACUUM are not allowed on a SQLite connection: they open or write other files');
    }
    const statement = this.db.prepare(text);
    if (!statement.reader) {
      statement.run();
      await work({ columns: [], batches: (async function* () {})() });
      return;
    }
    statement.raw(true).safeIntegers(true);
    const declared = statement.columns();
    const iterator = statement.iterate() as IterableIterator<unknown[]>;
    const { batchSize, maxRows = Infinity, signal } = options;
    const readBatch = (limit: number): unknown[][] => {
      const batch: unknown[][] = [];
      while (batch.length < limit) {
        const next = iterator.next();
        if (next.done) break;
        batch.push(next.value);
      }
      return batch;
    };
    try {
      const first = readBatch(Math.min(batchSize, maxRows));
      const columns: ColumnInfo[] = declared.map((c, i) => {
        const sample = first.find((row) => row[i] !== null)?.[i];
        return { name: c.name, source_type: c.type ?? '', duckdb_type: sqliteToDuckdb(c.type) ?? (sample === undefined ? 'VARCHAR' : typeOfValue(sample)), nullable: null };
      });
      async function* batches(): AsyncGenerator<TextValue[][]> {
        let rows = first;
        let total = 0;
        while (rows.length > 0) {
          signal?.throwIfAborted();
          total += rows.length;
          yield rows.map((row) => row.map(toText));
          if (total >= maxRows || rows.length < batchSize) return;
          await new Promise((resolve) => setImmediate(resolve));
          rows = readBatch(Math.min(batchSize, maxRows - total));
        }
      }
      await work({ columns, batches: batches() });
    } finally {
      iterator.return?.();
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
