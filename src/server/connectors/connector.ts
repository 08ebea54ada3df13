import type { z } from 'zod';

/**
 * A connector type (postgresql, mysql, sqlite, duckdb): its parameter schema, which params are
 * secret, and how to open a session. Test, browse, query and import are built on the session
 * (connector-service.ts), so adding a type is one new module registered in registry.ts.
 */
export interface Connector<P extends ConnectorParams = ConnectorParams> {
  type: string;
  label: string;
  /** Validates and fills defaults of a connection's params (also the form's JSON Schema). */
  params: z.ZodType<P>;
  /** Params encrypted at rest and masked in responses (beyond the global list in secret-fields.ts). */
  secretFields: readonly string[];
  /**
   * true: a saved connection keeps its session (a driver pool) between requests. false (database
   * files): opened per operation, so the file is not held open (and locked) while unused.
   */
  pooled: boolean;
  open(params: P, context: ConnectorContext): Promise<ConnectorSession>;
}

/** Options every type accepts. */
export interface ConnectorParams {
  /** Queries may change the external database; false (default): every query runs read-only. */
  writable: boolean;
  connect_timeout_seconds: number;
  query_timeout_seconds: number;
}

export interface ConnectorContext {
  /** Folders a file-based database (SQLite, DuckDB file) may live in. */
  allowedFileDirs: string[];
  /** The saved connection's id, shown to the server's admins where the protocol allows (PostgreSQL application_name). */
  label?: string;
}

export interface TableInfo {
  /** Schema (PostgreSQL), database (MySQL) or null (SQLite, DuckDB main). */
  schema: string | null;
  name: string;
  type: 'table' | 'view';
}

export interface ColumnInfo {
  name: string;
  /** The type as the external database names it. */
  source_type: string;
  /** The DuckDB type an import gives the column. */
  duckdb_type: string;
  nullable: boolean | null;
}

/** One value as it travels: the external database's text form, or null. */
export type TextValue = string | null;

export interface RowStream {
  columns: ColumnInfo[];
  /** Rows in batches; every value text (exact: no float or date conversion on the way). */
  batches: AsyncIterable<TextValue[][]>;
}

export interface StreamOptions {
  batchSize: number;
  /** At most this many rows (a preview); undefined: all. */
  maxRows?: number;
  signal?: AbortSignal;
}

/** An open connection (or pool) to one external database. */
export interface ConnectorSession {
  /** The server's version string; throws when it cannot be reached. */
  version(): Promise<string>;
  listTables(): Promise<TableInfo[]>;
  describeTable(table: TableRef): Promise<ColumnInfo[]>;
  countRows(table: TableRef): Promise<number>;
  /** SQL selecting every row of the table, identifiers quoted for this database. */
  selectTable(table: TableRef): string;
  /**
   * Runs one statement and streams its rows, inside a read-only transaction unless the
   * connection is writable. Stopping the iteration (or `signal`) ends the query on the server.
   */
  stream(sql: string, options: StreamOptions, work: (rows: RowStream) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface TableRef {
  schema: string | null;
  name: string;
}
