import { quotedIdentifier, StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { errorMessage } from '../db/errors';
import { badInput, DomainError, isDomainError } from '../errors';
import { RefusedStatement } from '../query/query-errors';
import { splitStatements, type StatementText } from '../query/sql-lexer';
import { splitUserSql } from '../query/split-user-sql';
import { guardStatement, StatementError } from '../query/statement-guard';

/**
 * An async task runs exactly one read-only query (a SELECT, FROM …, VALUES, WITH …, PIVOT …) into a
 * table. Both the query and the `CREATE TABLE … AS` built around it are judged by the SQL box's
 * own guard (src/server/query/statement-guard.ts: DuckDB's parser, binder and bound plan), on
 * the connection that will run it; nothing here loosens that guard, it only narrows it to reads.
 */

/** The one statement of `sql`, or a clear BAD_INPUT. */
export function singleStatement(sql: string): StatementText {
  const statements = splitUserSql(sql);
  if (statements.length > 1) throw badInput(`An async task runs exactly one SELECT statement; this SQL has ${statements.length}`);
  return statements[0]!;
}

/**
 * Judges `sql` and returns the prepared `CREATE TABLE "<table>" AS <sql>` to run on the same
 * connection (what was judged is what runs). Refusals are FORBIDDEN, DuckDB's own objections
 * (syntax, unknown table) BAD_INPUT.
 */
export async function prepareQueryIntoTable(
  connection: DuckDBConnection,
  sql: string,
  table: string,
  exportsDir: string,
): Promise<DuckDBPreparedStatement> {
  const statement = singleStatement(sql);
  await expectOneStatement(connection, sql);
  const query = await userStep(() => guardStatement(connection, statement, { exportsDir }));
  if (query.verdict.refusal) throw new RefusedStatement(query.verdict.refusal, 0, 1);
  if (query.statementType !== StatementType.SELECT || query.verdict.writes) {
    throw new DomainError(
      'FORBIDDEN',
      `An async task runs a read-only query (SELECT …) into a new table; this is a ${StatementType[query.statementType]} statement` +
        `${query.verdict.actions.length ? ` (${query.verdict.actions.join(', ')})` : ''}. Run changes in the SQL box.`,
    );
  }

  // A newline before the closing: a trailing `-- comment` in the query must not swallow anything.
  const ctasText = `CREATE TABLE ${quotedIdentifier(table)} AS\n${statement.text}\n`;
  const ctas = await userStep(async () => {
    const [only] = splitStatements(ctasText);
    return guardStatement(connection, only!, { exportsDir });
  }).catch((error: unknown) => {
    if (isDomainError(error)) throw badInput(`This query cannot be saved as a table: ${error.message}`);
    throw error;
  });
  if (ctas.verdict.refusal) throw new RefusedStatement(ctas.verdict.refusal, 0, 1);
  const expected = `CREATE TABLE ${table}`;
  const unexpected = ctas.verdict.actions.filter((action) => action !== expected);
  if (ctas.statementType !== StatementType.CREATE || unexpected.length > 0) {
    throw new DomainError('FORBIDDEN', `An async task may only create its result table; this query would also do: ${unexpected.join(', ')}`);
  }
  return ctas.prepared!;
}

/** DuckDB must see one statement too (the lexer's split is checked, never trusted). */
async function expectOneStatement(connection: DuckDBConnection, sql: string): Promise<void> {
  const count = await userStep(async () => (await connection.extractStatements(sql)).count);
  if (count !== 1) throw badInput('An async task runs exactly one SELECT statement (DuckDB reads several here; write a PIVOT with an explicit IN (…) list)');
}

/** DuckDB's objections to the user's SQL are the user's to fix: BAD_INPUT with DuckDB's message. */
async function userStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw error;
    const message = errorMessage(error).replace(/^Failed to extract statements: /, '');
    // DuckDB's errors arrive as plain Errors named by their kind ("Parser Error: …"); ours are typed.
    if (error instanceof StatementError || (error instanceof Error && error.name === 'Error' && /^[A-Za-z ]*Error: /.test(message))) {
      if (/^Permission Error/i.test(message)) throw new DomainError('FORBIDDEN', `DuckDB refused: ${message}`);
      throw badInput(message);
    }
    throw error;
  }
}
