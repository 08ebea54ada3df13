import path from 'node:path';
import { isInside } from '../db/engine-settings';
import { isReservedName } from './reserved-names';

/**
 * What one statement may do, decided from DuckDB's own bound logical plan
 * (`json_serialize_plan`): every operator, table function and sequence it would touch, with
 * names already resolved by DuckDB's binder. Anything this module does not know is refused.
 *
 * Allowed: reads (system tables included), session variables, and — for callers with write
 * rights — writes to user tables and views, and COPY … TO inside the exports folder.
 * Refused: any write, drop or alteration of a `system_*` object; new objects with reserved names;
 * ATTACH/DETACH, INSTALL/LOAD, SET/RESET of settings, PRAGMA, transactions, EXPORT/IMPORT
 * DATABASE, COPY FROM DATABASE, VACUUM/ANALYZE, PREPARE/EXECUTE, macros, types, schemas, secrets,
 * and table functions that change engine state (checkpoint, logging, profiling…).
 */

export interface PolicyContext {
  exportsDir: string;
}

export interface PlanVerdict {
  /** What the statement would do, in words, for messages and the audit log. */
  actions: string[];
  /** True when it writes anything (tables, catalog entries, files). */
  writes: boolean;
  /** The first reason to refuse, or null. */
  refusal: string | null;
  /** Tables dropped by name (their system_file_sources rows go with them). */
  droppedTables: string[];
}

/** Operators that only read or compute. */
const READ_OPERATORS = new Set([
  'LOGICAL_PROJECTION',
  'LOGICAL_FILTER',
  'LOGICAL_AGGREGATE_AND_GROUP_BY',
  'LOGICAL_WINDOW',
  'LOGICAL_UNNEST',
  'LOGICAL_LIMIT',
  'LOGICAL_ORDER_BY',
  'LOGICAL_TOP_N',
  'LOGICAL_DISTINCT',
  'LOGICAL_SAMPLE',
  'LOGICAL_PIVOT',
  'LOGICAL_GET',
  'LOGICAL_CHUNK_GET',
  'LOGICAL_DELIM_GET',
  'LOGICAL_EXPRESSION_GET',
  'LOGICAL_DUMMY_SCAN',
  'LOGICAL_EMPTY_RESULT',
  'LOGICAL_CTE_REF',
  'LOGICAL_JOIN',
  'LOGICAL_DELIM_JOIN',
  'LOGICAL_COMPARISON_JOIN',
  'LOGICAL_ANY_JOIN',
  'LOGICAL_CROSS_PRODUCT',
  'LOGICAL_POSITIONAL_JOIN',
  'LOGICAL_ASOF_JOIN',
  'LOGICAL_DEPENDENT_JOIN',
  'LOGICAL_UNION',
  'LOGICAL_EXCEPT',
  'LOGICAL_INTERSECT',
  'LOGICAL_RECURSIVE_CTE',
  'LOGICAL_MATERIALIZED_CTE',
]);

/**
 * Table functions the SQL box may call: readers (contained by the engine's allowed folders),
 * generators, and catalog/metadata views. Anything else — checkpoint(), enable_logging(),
 * read_duckdb(), arrow_scan() with its raw pointers… — is refused until someone reviews it.
 */
export const ALLOWED_TABLE_FUNCTIONS = new Set([
  'seq_scan',
  'range',
  'generate_series',
  'repeat',
  'repeat_row',
  'unnest',
  'glob',
  'read_csv',
  'read_csv_auto',
  'sniff_csv',
  'read_parquet',
  'parquet_scan',
  'parquet_metadata',
  'parquet_file_metadata',
  'parquet_full_metadata',
  'parquet_kv_metadata',
  'parquet_schema',
  'parquet_bloom_probe',
  'read_json',
  'read_json_auto',
  'read_json_objects',
  'read_json_objects_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_ndjson_objects',
  'read_text',
  'read_blob',
  'json_each',
  'json_tree',
  'summary',
  'sql_auto_complete',
  'icu_calendar_names',
  'pg_timezone_names',
  'test_all_types',
  'test_vector_types',
  'which_secret',
  'duckdb_approx_database_count',
  'duckdb_columns',
  'duckdb_connection_count',
  'duckdb_constraints',
  'duckdb_coordinate_systems',
  'duckdb_databases',
  'duckdb_dependencies',
  'duckdb_extensions',
  'duckdb_external_file_cache',
  'duckdb_functions',
  'duckdb_indexes',
  'duckdb_keywords',
  'duckdb_log_contexts',
  'duckdb_logs',
  'duckdb_memory',
  'duckdb_optimizers',
  'duckdb_prepared_statements',
  'duckdb_schemas',
  'duckdb_secret_types',
  'duckdb_secrets',
  'duckdb_sequences',
  'duckdb_settings',
  'duckdb_table_sample',
  'duckdb_tables',
  'duckdb_temporary_files',
  'duckdb_types',
  'duckdb_variables',
  'duckdb_views',
  'pragma_collations',
  'pragma_database_size',
  'pragma_metadata_info',
  'pragma_platform',
  'pragma_show',
  'pragma_storage_info',
  'pragma_table_info',
  'pragma_user_agent',
  'pragma_version',
]);

/** Functions that change state, refused wherever they appear (also in view bodies and defaults). */
export const STATE_CHANGING_FUNCTIONS = new Set([
  'checkpoint',
  'force_checkpoint',
  'enable_logging',
  'disable_logging',
  'truncate_duckdb_logs',
  'enable_profiling',
  'disable_profiling',
  'enable_peg_parser',
  'disable_peg_parser',
  'check_peg_parser',
  'json_execute_serialized_sql',
  'read_duckdb',
  'arrow_scan',
  'arrow_scan_dumb',
  'query',
  'query_table',
]);

const SEQUENCE_FUNCTIONS = new Set(['nextval', 'currval']);

/** Kinds of catalog entries a user may create, alter or drop (never with a reserved name). */
const USER_ENTRY_TYPES = new Set(['TABLE_ENTRY', 'VIEW_ENTRY', 'INDEX_ENTRY', 'SEQUENCE_ENTRY']);
const USER_ALTER_TYPES = new Set(['ALTER_TABLE', 'ALTER_VIEW', 'SET_COMMENT', 'SET_COLUMN_COMMENT']);

/** Plain-language refusals for whole kinds of operators. */
const REFUSED_OPERATORS: Record<string, string> = {
  LOGICAL_ATTACH: 'ATTACH is not allowed: the SQL box works on DuckQuery’s own database only',
  LOGICAL_DETACH: 'DETACH is not allowed',
  LOGICAL_LOAD: 'INSTALL and LOAD are not allowed: extensions are fixed when the server starts',
  LOGICAL_UPDATE_EXTENSIONS: 'UPDATE EXTENSIONS is not allowed',
  LOGICAL_EXPORT: 'EXPORT DATABASE is not allowed; use COPY … TO a file in the exports folder',
  LOGICAL_COPY_DATABASE: 'COPY FROM DATABASE is not allowed',
  LOGICAL_TRANSACTION: 'transaction statements are not allowed: DuckQuery runs each request in one transaction of its own',
  LOGICAL_VACUUM: 'VACUUM and ANALYZE are not allowed: DuckQuery maintains the database itself',
  LOGICAL_PRAGMA: 'this PRAGMA is not allowed: it changes engine state',
  LOGICAL_PREPARE: 'PREPARE is not allowed',
  LOGICAL_EXECUTE: 'EXECUTE is not allowed',
  LOGICAL_CREATE_SCHEMA: 'CREATE SCHEMA is not allowed: user tables live in the main schema',
  LOGICAL_CREATE_MACRO: 'CREATE MACRO/FUNCTION is not allowed: a macro can shadow built-in functions for every connection',
  LOGICAL_CREATE_TYPE: 'CREATE TYPE is not allowed',
  LOGICAL_CREATE_SECRET: 'CREATE SECRET is not allowed',
  LOGICAL_EXPLAIN: 'EXPLAIN cannot be checked here',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: Json | undefined): string => (typeof value === 'string' ? value : '');

export function checkPlans(plans: Json[], context: PolicyContext): PlanVerdict {
  const verdict: PlanVerdict = { actions: [], writes: false, refusal: null, droppedTables: [] };
  const refuse = (reason: string) => {
    verdict.refusal ??= reason;
  };
  const write = (action: string) => {
    verdict.writes = true;
    verdict.actions.push(action);
  };
  const reservedTarget = (what: string, name: string) => {
    if (isReservedName(name)) refuse(`${what} '${name}' is refused: system_* objects belong to DuckQuery and are read-only from SQL`);
  };

  const visitOperator = (node: JsonObject) => {
    const type = str(node.type);
    const info = isObject(node.info) ? node.info : {};
    const tableInfo = isObject(node.table_info) ? node.table_info : {};
    switch (type) {
      case 'LOGICAL_GET': {
        const name = str(node.name);
        if (!ALLOWED_TABLE_FUNCTIONS.has(name)) refuse(`table function ${name}() is not allowed in the SQL box`);
        return;
      }
      case 'LOGICAL_INSERT':
      case 'LOGICAL_UPDATE':
      case 'LOGICAL_DELETE':
      case 'LOGICAL_MERGE_INTO': {
        const verb = { LOGICAL_INSERT: 'INSERT INTO', LOGICAL_UPDATE: 'UPDATE', LOGICAL_DELETE: 'DELETE FROM', LOGICAL_MERGE_INTO: 'MERGE INTO' }[type];
        const table = str(tableInfo.table);
        write(`${verb} ${table}`);
        reservedTarget(verb, table);
        return;
      }
      case 'LOGICAL_CREATE_TABLE': {
        const table = str(info.table);
        write(`CREATE TABLE ${table}`);
        reservedTarget('CREATE TABLE', table);
        const constraints = isObject(info) && Array.isArray(info.constraints) ? info.constraints : [];
        for (const constraint of constraints) {
          if (isObject(constraint) && str(constraint.type) === 'FOREIGN_KEY' && isReservedName(str(constraint.table))) {
            refuse(`a foreign key to '${str(constraint.table)}' is refused: it would block DuckQuery's own writes`);
          }
        }
        return;
      }
      case 'LOGICAL_CREATE_INDEX':
        write(`CREATE INDEX ${str(info.name)} ON ${str(info.table)}`);
        reservedTarget('CREATE INDEX on', str(info.table));
        reservedTarget('CREATE INDEX', str(info.name));
        return;
      case 'LOGICAL_CREATE_VIEW':
        write(`CREATE VIEW ${str(info.view_name)}`);
        reservedTarget('CREATE VIEW', str(info.view_name));
        return;
      case 'LOGICAL_CREATE_SEQUENCE':
        write(`CREATE SEQUENCE ${str(info.name)}`);
        reservedTarget('CREATE SEQUENCE', str(info.name));
        return;
      case 'LOGICAL_ALTER': {
        const name = str(info.name);
        write(`ALTER ${name}`);
        if (!USER_ALTER_TYPES.has(str(info.type))) refuse(`this ALTER (${str(info.type)}) is not allowed`);
        reservedTarget('ALTER', name);
        for (const renamed of [info.new_table_name, info.new_view_name, info.new_name]) if (typeof renamed === 'string') reservedTarget('renaming to', renamed);
        return;
      }
      case 'LOGICAL_DROP': {
        const name = str(info.name);
        const entry = str(info.type);
        write(`DROP ${entry.replace('_ENTRY', '')} ${name}`);
        if (!USER_ENTRY_TYPES.has(entry)) refuse(`DROP of a ${entry.replace('_ENTRY', '').toLowerCase()} is not allowed`);
        else if (info.cascade === true) refuse('DROP … CASCADE is not allowed');
        reservedTarget('DROP', name);
        if (entry === 'TABLE_ENTRY') verdict.droppedTables.push(name);
        return;
      }
      case 'LOGICAL_COPY_TO_FILE': {
        const filePath = str(node.file_path);
        write(`COPY TO ${filePath}`);
        if (!isExportPath(filePath, context.exportsDir)) {
          refuse(`COPY … TO '${filePath}' is refused: files may only be written inside the exports folder (${context.exportsDir})`);
        }
        return;
      }
      case 'LOGICAL_SET':
      case 'LOGICAL_RESET':
        if (str(node.scope) !== 'VARIABLE') refuse(`SET/RESET of '${str(node.name)}' is refused: the engine configuration is locked`);
        return;
      default:
        if (READ_OPERATORS.has(type)) return;
        refuse(REFUSED_OPERATORS[type] ?? `${type.replace('LOGICAL_', '').replace(/_/g, ' ')} is not allowed in the SQL box`);
    }
  };

  /** nextval/currval on a system sequence would change or read DuckQuery's id counters. */
  const visitSequenceCall = (name: string, sequence: string | null) => {
    if (sequence === null) refuse(`${name}() needs a literal sequence name here`);
    else if (isReservedName(sequence.split('.').pop()!.replace(/"/g, ''))) refuse(`${name}('${sequence}') is refused: system sequences belong to DuckQuery`);
  };

  const visit = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const type = str(node.type);
    if (type.startsWith('LOGICAL_') && Array.isArray(node.children)) visitOperator(node);
    if (str(node.expression_class) === 'BOUND_FUNCTION') {
      const name = str(node.name).toLowerCase();
      if (STATE_CHANGING_FUNCTIONS.has(name)) refuse(`${name}() is not allowed in the SQL box`);
      if (SEQUENCE_FUNCTIONS.has(name)) {
        const data = isObject(node.function_data) ? node.function_data : {};
        const info = isObject(data.sequence_create_info) ? data.sequence_create_info : null;
        visitSequenceCall(name, info ? str(info.name) : null);
      }
    }
    if (str(node.class) === 'FUNCTION') {
      // Unbound expressions: column defaults, view bodies.
      const name = str(node.function_name).toLowerCase();
      if (STATE_CHANGING_FUNCTIONS.has(name)) refuse(`${name}() is not allowed in the SQL box`);
      if (SEQUENCE_FUNCTIONS.has(name)) {
        const first = Array.isArray(node.children) ? node.children[0] : undefined;
        const constant = isObject(first) && str(first.class) === 'CONSTANT' && isObject(first.value) ? first.value.value : undefined;
        visitSequenceCall(name, typeof constant === 'string' ? constant : null);
      }
    }
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };

  visit(plans);
  if (plans.length === 0) refuse('DuckDB returned no plan for this statement');
  return verdict;
}

/** COPY … TO writes only inside the exports folder: absolute, resolved (no `..`, no symlink out), not the folder's parent. */
export function isExportPath(filePath: string, exportsDir: string): boolean {
  if (!filePath || !path.isAbsolute(filePath) || filePath.includes('\0')) return false;
  return isInside(filePath, exportsDir);
}
