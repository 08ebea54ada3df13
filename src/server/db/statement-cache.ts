import type { DuckDBConnection, DuckDBMaterializedResult, DuckDBPreparedStatement, DuckDBResultReader, DuckDBType, DuckDBValue } from '@duckdb/node-api';

/** What runs SQL: a connection, or a cache of its prepared statements. */
export type SqlRunner = Pick<DuckDBConnection, 'run' | 'runAndReadAll'>;

type StatementValues = DuckDBValue[] | Record<string, DuckDBValue>;
type StatementTypes = DuckDBType[] | Record<string, DuckDBType | undefined>;

/** Enough for the writer's few fixed statements; a caller building SQL per call cannot grow it forever. */
const MAX_STATEMENTS = 64;

/**
 * The prepared statements of one long-lived connection, each prepared once and reused.
 *
 * Running SQL text parses and plans it on Node's main thread every time (node-api's
 * `extractStatements`/`prepare` are synchronous): about 0.3 ms a statement, paid by every HTTP
 * request waiting on that thread. The group-commit writer runs the same few statements
 * thousands of times, so it prepares them once. Statements must therefore have a fixed text
 * (pass lists as LIST parameters, not as a VALUES row per item).
 */
export class StatementCache implements SqlRunner {
  private readonly statements = new Map<string, DuckDBPreparedStatement>();

  constructor(readonly connection: DuckDBConnection) {}

  async prepared(sql: string): Promise<DuckDBPreparedStatement> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = await this.connection.prepare(sql);
      this.statements.set(sql, statement);
      if (this.statements.size > MAX_STATEMENTS) this.evictOldest();
    }
    return statement;
  }

  private evictOldest(): void {
    const [oldestSql, oldest] = this.statements.entries().next().value!;
    this.statements.delete(oldestSql);
    oldest.destroySync();
  }

  /** Like `connection.run(sql, values, types)`, on the statement prepared for `sql`. */
  async run(sql: string, values: StatementValues = [], types?: StatementTypes): Promise<DuckDBMaterializedResult> {
    const statement = await this.prepared(sql);
    statement.bind(values, types);
    return statement.run();
  }

  /** Like `connection.runAndReadAll(sql, values, types)`, on the statement prepared for `sql`. */
  async runAndReadAll(sql: string, values: StatementValues = [], types?: StatementTypes): Promise<DuckDBResultReader> {
    const statement = await this.prepared(sql);
    statement.bind(values, types);
    return statement.runAndReadAll();
  }

  close(): void {
    for (const statement of this.statements.values()) statement.destroySync();
    this.statements.clear();
    this.connection.closeSync();
  }
}
