import { badInput } from '../errors';
import { SqlLexError, splitStatements, type StatementText } from './sql-lexer';

/** The statements of a user's SQL, or a clear BAD_INPUT when it cannot be read or is empty. */
export function splitUserSql(sql: string): StatementText[] {
  let statements: StatementText[];
  try {
    statements = splitStatements(sql);
  } catch (error) {
    if (error instanceof SqlLexError) throw badInput(`The SQL could not be read: ${error.message}`);
    throw error;
  }
  if (statements.length === 0) throw badInput('There is no SQL statement to run');
  return statements;
}
