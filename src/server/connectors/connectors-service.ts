import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context';
import { audited } from '../audit/audit-log';
import { errorMessage } from '../db/errors';
import { DomainError, badInput, isDomainError, notFound } from '../errors';
import { openParams } from '../datasources/datasource-secrets';
import type { StoredDatasource } from '../datasources/datasource';
import type { JsonValue } from '../query/serialize-value';
import type { ColumnInfo, Connector, ConnectorSession, TableInfo, TableRef, TextValue } from './connector';
import { displayValue } from './display-value';
import { plainConnectionError } from './plain-error';
import { connectorFor, connectorTypes, findConnector } from './registry';
import { cachedSession } from './session-cache';

export interface ConnectionTestResult {
  success: boolean;
  /** false when nothing was contacted (invalid params, a password to re-enter): not a failure of the connection. */
  contacted: boolean;
  message: string;
  latency_ms: number | null;
  database_info: { version: string | null; type: string } | null;
  /** The stored password could not be decrypted: ask the user to enter it again. */
  password_needs_reentry?: boolean;
}

export interface QueryAnswer {
  columns: ColumnInfo[];
  rows: JsonValue[][];
  rowCount: number;
  /** More rows exist than were read. */
  truncated: boolean;
  elapsedMs: number;
}

/** SQL kept in an audit row (as the DuckDB query service does). */
const AUDIT_SQL_CHARS = 2000;

interface OpenSession {
  session: ConnectorSession;
  connector: Connector;
  release: () => Promise<void>;
}

/** Rows read from the external database per round trip. */
export const BATCH_ROWS = 10_000;

export const PASSWORD_REENTRY_MESSAGE =
  "This connection's password could not be decrypted (it was imported with a key that does not match); enter the password again and save.";

/** Params a connector can use: decrypted, validated, defaults filled. Never returned or logged. */
export function connectorParams(connector: Connector, params: Record<string, unknown>, keyring: AppContext['keyring']) {
  const parsed = connector.params.safeParse(openParams(params, keyring));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw badInput(`The ${connector.label} connection parameters are not valid: ${problems}`, { problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return parsed.data;
}

/**
 * What DuckQuery does with external databases: test, browse, query. Imports into DuckDB are in
 * import-into-duckdb.ts. Sessions (driver pools) of saved connections are cached per connection
 * and closed when it changes (session-cache.ts).
 */
export function createConnectorsService(app: AppContext, actor = 'system') {
  const context = { allowedFileDirs: [app.config.uploadsDir, ...app.config.serverMounts.map((m) => m.path)] };

  /** The session of a saved connection: its cached pool, or (database files) one opened for this use; `release` when done. */
  async function openFor(datasource: StoredDatasource): Promise<OpenSession> {
    if (datasource.password_needs_reentry) throw new DomainError('BAD_INPUT', PASSWORD_REENTRY_MESSAGE, { password_needs_reentry: true });
    const connector = connectorFor(datasource.type);
    const params = connectorParams(connector, datasource.params, app.keyring);
    const open = () => connector.open(params, { ...context, label: datasource.id });
    const fingerprint = createHash('sha256').update(JSON.stringify([datasource.type, datasource.params])).digest('hex');
    try {
      if (connector.pooled) return { connector, session: await cachedSession(datasource.id, fingerprint, open), release: async () => undefined };
      const session = await open();
      return { connector, session, release: () => session.close().catch(() => undefined) };
    } catch (error) {
      throw unreachable(error, params as unknown as Record<string, unknown>);
    }
  }

  /** Runs `work` on the connection's session, releasing it after; driver errors in plain words. */
  async function withSession<T>(datasource: StoredDatasource, work: (open: OpenSession) => Promise<T>): Promise<T> {
    const opened = await openFor(datasource);
    try {
      return await work(opened).catch((e) => rethrow(e, datasource, app));
    } finally {
      await opened.release();
    }
  }

  async function stored(id: string): Promise<StoredDatasource> {
    const found = await app.stores.datasources.get(id);
    if (!found) throw notFound('Connection', id);
    return found;
  }

  /** Opens a fresh session (never a cached pool: a test must prove the credentials now), asks for the version, closes. */
  async function testWith(type: string, rawParams: Record<string, unknown>): Promise<ConnectionTestResult> {
    const connector = findConnector(type);
    if (!connector) return notContacted(type, `Connections of type '${type}' cannot be tested: DuckQuery connects to ${connectorTypes().map((c) => c.type).join(', ')} databases.`);
    let params: ReturnType<typeof connectorParams>;
    try {
      params = connectorParams(connector, rawParams, app.keyring);
    } catch (error) {
      return notContacted(type, errorMessage(error));
    }
    const started = performance.now();
    let session: ConnectorSession | null = null;
    try {
      session = await connector.open(params, context);
      const version = await session.version();
      const latency = Math.round((performance.now() - started) * 100) / 100;
      return { success: true, contacted: true, message: `Connected to ${connector.label} in ${latency} ms`, latency_ms: latency, database_info: { version, type } };
    } catch (error) {
      const latency = Math.round((performance.now() - started) * 100) / 100;
      return { success: false, contacted: true, message: plainConnectionError(error, params as never), latency_ms: latency, database_info: { version: null, type } };
    } finally {
      await session?.close().catch(() => undefined);
    }
  }

  return {
    /** Unsaved params (a form's Test button, the legacy test endpoints). Secrets arrive in plain text. */
    testParams(type: string, params: Record<string, unknown>): Promise<ConnectionTestResult> {
      return testWith(type, params);
    },

    /** A saved connection; a password that must be re-entered is said so without contacting anything. */
    async testStored(datasource: StoredDatasource): Promise<ConnectionTestResult> {
      if (datasource.password_needs_reentry) {
        return { ...notContacted(datasource.type, PASSWORD_REENTRY_MESSAGE), password_needs_reentry: true };
      }
      return testWith(datasource.type, datasource.params);
    },

    async listTables(id: string): Promise<{ datasource: StoredDatasource; tables: TableInfo[] }> {
      const datasource = await stored(id);
      return { datasource, tables: await withSession(datasource, ({ session }) => session.listTables()) };
    },

    async describeTable(id: string, table: TableRef, sampleRows = 10) {
      const datasource = await stored(id);
      return withSession(datasource, async ({ session }) => {
        const columns = await session.describeTable(table);
        const rowCount = await session.countRows(table);
        const sample = await runOn(session, session.selectTable(table), sampleRows);
        return { datasource, columns, rowCount, sample };
      });
    },

    /**
     * A query's first `limit` rows (read-only transaction unless the connection is writable). On a
     * writable connection the query may change the external database, so it is audited.
     */
    async query(id: string, sql: string, limit: number): Promise<QueryAnswer> {
      const datasource = await stored(id);
      return withSession(datasource, ({ session, connector }) => {
        const run = () => runOn(session, sql, limit);
        if (!connectorParams(connector, datasource.params, app.keyring).writable) return run();
        const shown = sql.length > AUDIT_SQL_CHARS ? `${sql.slice(0, AUDIT_SQL_CHARS)}… (${sql.length} characters)` : sql;
        return audited(app.database, { actor, action: 'datasource.query', target_type: 'datasource', target_id: id, details: { sql: shown } }, run);
      });
    },

    /** For imports: the session of a saved connection; call `release` when the import ends. */
    async sessionOf(id: string): Promise<{ datasource: StoredDatasource } & OpenSession> {
      const datasource = await stored(id);
      return { datasource, ...(await openFor(datasource)) };
    },
  };
}

/** Reads one more row than asked, to know whether the answer is truncated. */
async function runOn(session: ConnectorSession, sql: string, limit: number): Promise<QueryAnswer> {
  const started = performance.now();
  let columns: ColumnInfo[] = [];
  const texts: TextValue[][] = [];
  await session.stream(sql, { batchSize: Math.min(BATCH_ROWS, limit + 1), maxRows: limit + 1 }, async (stream) => {
    columns = stream.columns;
    for await (const batch of stream.batches) texts.push(...batch);
  });
  const truncated = texts.length > limit;
  const rows = texts.slice(0, limit).map((row) => row.map((value, i) => displayValue(value, columns[i]!.duckdb_type)));
  return { columns, rows, rowCount: rows.length, truncated, elapsedMs: performance.now() - started };
}

function notContacted(type: string, message: string): ConnectionTestResult {
  return { success: false, contacted: false, message, latency_ms: null, database_info: null };
}

/** A connection that could not be opened: a clear, actionable error (never the password). */
function unreachable(error: unknown, params: Record<string, unknown>): DomainError {
  if (isDomainError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return new DomainError('UNAVAILABLE', plainConnectionError(error, params), typeof code === 'string' ? { cause_code: code } : {});
}

/** Driver errors of a query on an open session, in plain words (never the password); domain errors as they are. */
function rethrow(error: unknown, datasource: StoredDatasource, app: AppContext): never {
  if (isDomainError(error) || !(error instanceof Error)) throw error;
  const raw = (error as unknown as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : null;
  const params = (() => {
    try {
      return connectorParams(connectorFor(datasource.type), datasource.params, app.keyring) as unknown as Record<string, unknown>;
    } catch {
      return {};
    }
  })();
  const message = plainConnectionError(error, { host: params.host as string, port: params.port as number, user: params.user as string, database: params.database as string });
  const timeout = code === '57014' || code === 'PROTOCOL_SEQUENCE_TIMEOUT';
  const readOnly = code === '25006' || code === 'SQLITE_READONLY' || /read.?only/i.test(errorMessage(error));
  const unreachableServer = code !== null && /^(ECONN|ENOTFOUND|EHOST|ENET|ETIMEDOUT|EAI_)/.test(code);
  const kind = timeout ? 'TIMEOUT' : readOnly ? 'FORBIDDEN' : unreachableServer ? 'UNAVAILABLE' : 'BAD_INPUT';
  throw new DomainError(kind, readOnly ? `${message} (the connection is read-only; mark it writable to change data)` : message, code ? { code } : {});
}
