import { quotedIdentifier, quotedString, type DuckDBConnection } from '@duckdb/node-api';
import { isReservedName } from './reserved-names';

/**
 * The state a statement must not change, read in the statement's own transaction: DuckQuery's
 * system tables (row count and an order-independent hash of every row), its sequences, and the
 * catalog (every schema, table, view, index, sequence, macro and type, with its definition).
 * Used where DuckDB cannot describe a statement's plan (e.g. an INSERT … SELECT from read_csv):
 * the statement runs, and is rolled back unless only user tables and views changed.
 */
export interface SystemFingerprint {
  systemData: Map<string, string>;
  catalog: Map<string, string>;
}

export async function systemFingerprint(connection: DuckDBConnection): Promise<SystemFingerprint> {
  const catalogRows = await rows(
    connection,
    `SELECT 'table' AS kind, database_name, schema_name, table_name AS name, coalesce(sql, '') AS def FROM duckdb_tables()
     UNION ALL SELECT 'view', database_name, schema_name, view_name, coalesce(sql, '') FROM duckdb_views() WHERE NOT internal
     UNION ALL SELECT 'index', database_name, schema_name, index_name, coalesce(sql, '') || ' ON ' || table_name FROM duckdb_indexes()
     UNION ALL SELECT 'sequence', database_name, schema_name, sequence_name, coalesce(sql, '') FROM duckdb_sequences()
     UNION ALL SELECT 'function', database_name, schema_name, function_name, coalesce(macro_definition, '') FROM duckdb_functions() WHERE NOT internal
     UNION ALL SELECT 'type', database_name, schema_name, type_name, '' FROM duckdb_types() WHERE NOT internal
     UNION ALL SELECT 'schema', database_name, schema_name, schema_name, '' FROM duckdb_schemas() WHERE NOT internal
     UNION ALL SELECT 'database', database_name, '', database_name, coalesce(path, '') FROM duckdb_databases() WHERE NOT internal`,
  );
  const catalog = new Map(catalogRows.map((r) => [`${r[0]} ${r[1]}.${r[2]}.${r[3]}`, String(r[4])]));

  const systemData = new Map<string, string>();
  const tables = await rows(connection, `SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary`);
  const system = tables.filter(([, name]) => isReservedName(String(name)));
  if (system.length > 0) {
    const parts = system.map(([schema, name]) => {
      const ref = `${quotedIdentifier(String(schema))}.${quotedIdentifier(String(name))}`;
      return `SELECT ${quotedString(`${schema}.${name}`)} AS t, count(*)::VARCHAR || ':' || coalesce(bit_xor(hash(s))::VARCHAR, '') AS f FROM ${ref} s`;
    });
    for (const [table, fingerprint] of await rows(connection, parts.join(' UNION ALL '))) systemData.set(String(table), String(fingerprint));
  }
  const sequences = await rows(connection, `SELECT schema_name, sequence_name, coalesce(last_value::VARCHAR, '') FROM duckdb_sequences()`);
  for (const [schema, name, last] of sequences) if (isReservedName(String(name))) systemData.set(`sequence ${schema}.${name}`, String(last));
  return { systemData, catalog };
}

/**
 * Why `after` is not an allowed successor of `before`, or null. Allowed: new or changed user
 * tables and views (and the indexes on them). Anything else — a system table's rows, a system
 * sequence, any reserved name, macros, types, schemas, databases — is a refusal.
 */
export function forbiddenChange(before: SystemFingerprint, after: SystemFingerprint): string | null {
  for (const [table, fingerprint] of before.systemData) {
    if (after.systemData.get(table) !== fingerprint) return `it would change ${table}`;
  }
  for (const table of after.systemData.keys()) if (!before.systemData.has(table)) return `it would create ${table}`;
  const keys = new Set([...before.catalog.keys(), ...after.catalog.keys()]);
  for (const key of keys) {
    if (before.catalog.get(key) === after.catalog.get(key)) continue;
    const [kind, qualified] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
    const name = qualified.split('.').pop()!;
    if (!['table', 'view', 'index'].includes(kind)) return `it would change the ${kind} ${qualified}`;
    if (isReservedName(name)) return `it would change ${qualified}`;
    const indexedTable = kind === 'index' ? (before.catalog.get(key) ?? after.catalog.get(key) ?? '').split(' ON ').pop()! : '';
    if (isReservedName(indexedTable)) return `it would index ${indexedTable}`;
  }
  return null;
}

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJS();
}
