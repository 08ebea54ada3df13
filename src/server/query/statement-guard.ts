import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { errorMessage } from '../db/errors';
import { checkPlans, STATE_CHANGING_FUNCTIONS, type PlanVerdict, type PolicyContext } from './plan-policy';
import { calledNames, type StatementText } from './sql-lexer';

/**
 * One statement, prepared by DuckDB and judged before it runs:
 * 1. DuckDB parses and binds it (`extractStatements` → `prepare`): its statement type;
 * 2. DuckDB serialises its bound logical plan (`json_serialize_plan`), which plan-policy.ts walks;
 * 3. where DuckDB cannot serialise a plan (some readers, EXPLAIN), a narrower rule applies: only
 *    reads and data writes, no state-changing function calls, and writes are verified after they
 *    ran, before commit (system-fingerprint.ts).
 * The same connection, transaction and text are used to judge and to run, so what was judged is
 * what runs.
 */
export interface GuardedStatement {
  /** Null only when refused before DuckDB bound it (see BIND_HAS_EFFECTS). */
  prepared: DuckDBPreparedStatement | null;
  statementType: StatementType;
  verdict: PlanVerdict;
  /** The plan could not be read: verify the system tables and catalog around the run. */
  verifyAfterRun: boolean;
}

/** A statement DuckDB itself rejects (syntax, unknown table…): the user's to fix. */
export class StatementError extends Error {
  override name = 'StatementError';
}

const TYPE_REFUSALS: Partial<Record<StatementType, string>> = {
  [StatementType.TRANSACTION]: 'transaction statements are not allowed: DuckQuery runs each request in one transaction of its own',
  [StatementType.PRAGMA]: 'this PRAGMA is not allowed: it changes engine state (read-only pragmas such as table_info work as SELECT)',
  [StatementType.LOAD]: 'INSTALL and LOAD are not allowed: extensions are fixed when the server starts',
  [StatementType.EXTENSION]: 'extension statements are not allowed',
  [StatementType.UPDATE_EXTENSIONS]: 'UPDATE EXTENSIONS is not allowed',
  [StatementType.ATTACH]: 'ATTACH is not allowed: the SQL box works on DuckQuery’s own database only',
  [StatementType.DETACH]: 'DETACH is not allowed',
  [StatementType.EXPORT]: 'EXPORT DATABASE is not allowed; use COPY … TO a file in the exports folder',
  [StatementType.COPY_DATABASE]: 'COPY FROM DATABASE is not allowed',
  [StatementType.VACUUM]: 'VACUUM and ANALYZE are not allowed: DuckQuery maintains the database itself',
  [StatementType.ANALYZE]: 'VACUUM and ANALYZE are not allowed: DuckQuery maintains the database itself',
  [StatementType.PREPARE]: 'PREPARE is not allowed',
  [StatementType.EXECUTE]: 'EXECUTE is not allowed',
  [StatementType.CREATE_FUNC]: 'CREATE FUNCTION is not allowed',
  [StatementType.MULTI]: 'this statement expands into several that cannot be checked one by one',
};

/** Statement types allowed where the plan cannot be read (data reads and writes only). */
const UNPLANNED_ALLOWED = new Set<StatementType>([
  StatementType.SELECT,
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.MERGE_INTO,
  StatementType.CREATE,
  StatementType.EXPLAIN,
]);

const SEQUENCE_FUNCTIONS = ['nextval', 'currval'];

/**
 * Statements whose mere binding has an effect (binding EXPORT DATABASE creates its folder): refused
 * from their first word, before DuckDB sees them. Only ever an extra refusal; DuckDB still judges
 * everything else.
 */
const BIND_HAS_EFFECTS: Record<string, string> = {
  export: 'EXPORT DATABASE is not allowed; use COPY … TO a file in the exports folder',
};

export async function guardStatement(connection: DuckDBConnection, statement: StatementText, context: PolicyContext): Promise<GuardedStatement> {
  const first = statement.tokens[0];
  const early = first?.kind === 'word' ? BIND_HAS_EFFECTS[first.value] : undefined;
  if (early) return { prepared: null, statementType: StatementType.INVALID, verdict: { actions: [], writes: false, refusal: early, droppedTables: [] }, verifyAfterRun: false };
  const prepared = await prepareOne(connection, statement.text);
  const statementType = prepared.statementType;
  const refused = (reason: string): GuardedStatement => ({
    prepared,
    statementType,
    verdict: { actions: [], writes: false, refusal: reason, droppedTables: [] },
    verifyAfterRun: false,
  });

  const typeRefusal = TYPE_REFUSALS[statementType];
  if (typeRefusal) return refused(typeRefusal);

  const plan = await serializedPlan(connection, statement.text);
  if (plan.ok) return { prepared, statementType, verdict: checkPlans(plan.plans, context), verifyAfterRun: false };

  // No plan to read. EXPLAIN only plans (unless ANALYZE, which runs the statement).
  if (!UNPLANNED_ALLOWED.has(statementType)) return refused(`DuckQuery cannot check this statement (${plan.reason})`);
  const words = statement.tokens.filter((t) => t.kind === 'word' || t.kind === 'quoted').map((t) => t.value.toLowerCase());
  if (statementType === StatementType.EXPLAIN) {
    if (words.includes('analyze') || words.includes('analyse')) return refused('EXPLAIN ANALYZE runs the statement: run it directly instead');
    return { prepared, statementType, verdict: { actions: [], writes: false, refusal: null, droppedTables: [] }, verifyAfterRun: false };
  }
  const called = calledNames(statement.tokens);
  const denied = called.find((name) => STATE_CHANGING_FUNCTIONS.has(name) || SEQUENCE_FUNCTIONS.includes(name));
  if (denied) return refused(`${denied}() cannot be checked in this statement (${plan.reason})`);
  const writes = statementType !== StatementType.SELECT;
  return {
    prepared,
    statementType,
    verdict: { actions: writes ? [StatementType[statementType]] : [], writes, refusal: null, droppedTables: [] },
    verifyAfterRun: writes,
  };
}

/** DuckDB's parse and bind of exactly one statement; its errors are the user's to fix. */
async function prepareOne(connection: DuckDBConnection, text: string): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await connection.extractStatements(text);
  } catch (error) {
    throw new StatementError(errorMessage(error).replace(/^Failed to extract statements: /, ''));
  }
  if (extracted.count !== 1) {
    throw new StatementError(
      'this statement expands into several (COPY FROM DATABASE, IMPORT DATABASE, PIVOT without an IN list), which DuckQuery cannot check ' +
        'one by one; write a PIVOT with an explicit IN (…) list',
    );
  }
  try {
    return await extracted.prepare(0);
  } catch (error) {
    throw new StatementError(errorMessage(error));
  }
}

type SerializedPlan = { ok: true; plans: never[] } | { ok: false; reason: string };

async function serializedPlan(connection: DuckDBConnection, text: string): Promise<SerializedPlan> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_plan($1::VARCHAR) AS plan`, [text]);
  const parsed = JSON.parse(String(reader.getRowsJS()[0]?.[0])) as { error?: boolean; error_message?: string; plans?: never[] };
  if (parsed.error || !Array.isArray(parsed.plans)) return { ok: false, reason: `DuckDB: ${parsed.error_message ?? 'no plan'}` };
  return { ok: true, plans: parsed.plans };
}
