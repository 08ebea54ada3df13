import { quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { appendAudit, audited } from '../audit/audit-log';
import { insertAuditRows } from '../audit/insert-audit-rows';
import type { AuditEvent } from '../audit/audit-event';
import { errorMessage } from '../db/errors';
import { DomainError, notFound } from '../errors';
import { isReservedName } from '../query/reserved-names';
import { columnStats, type ColumnInfo, type TableStats } from './column-stats';
import { isStagingTableName } from '../ingest/land-table';

export interface TableSummary {
  table_name: string;
  column_count: number;
  row_count: number;
  /** From the table's system_file_sources row; null for tables made by SQL. */
  created_at: Date | null;
}

export interface TableDetail extends TableStats {
  table_name: string;
  column_count: number;
}

/** The user tables of the main schema: system_* (and look-alikes), temporary, internal and half-built import (staging) tables hidden. */
async function userTables(connection: DuckDBConnection) {
  const reader = await connection.runAndReadAll(
    `SELECT t.table_name, t.column_count, t.estimated_size, f.created_at
       FROM duckdb_tables() t
       LEFT JOIN system_file_sources f ON f.source_id = t.table_name
      WHERE t.database_name = current_database() AND t.schema_name = 'main' AND NOT t.temporary AND NOT t.internal`,
  );
  return reader
    .getRowObjectsJS()
    .map((r) => ({
      name: String(r.table_name),
      columnCount: Number(r.column_count),
      estimatedRows: Number(r.estimated_size),
      createdAt: (r.created_at as Date | null) ?? null,
    }))
    .filter((t) => !isReservedName(t.name) && !isStagingTableName(t.name));
}

/** Exact row counts of many tables in one statement. */
async function rowCounts(connection: DuckDBConnection, tables: string[]): Promise<Map<string, number>> {
  if (tables.length === 0) return new Map();
  const parts = tables.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ${quotedIdentifier(t)}`);
  const reader = await connection.runAndReadAll(parts.join(' UNION ALL '));
  return new Map(reader.getRowsJS().map(([i, n]) => [tables[Number(i)]!, Number(n)]));
}

/** The table's own spelling (DuckDB matches names case-insensitively), or null. */
async function findTable(connection: DuckDBConnection, name: string) {
  const tables = await connection.runAndReadAll(
    `SELECT table_name, estimated_size FROM duckdb_tables()
      WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND lower(table_name) = lower($1)
      ORDER BY table_name = $1 DESC LIMIT 1`,
    [name],
  );
  const row = tables.getRowsJS()[0];
  return row ? { name: String(row[0]), estimatedRows: Number(row[1]) } : null;
}

async function tableColumns(connection: DuckDBConnection, table: string): Promise<ColumnInfo[]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
    [table],
  );
  return reader.getRowsJS().map(([name, type]) => ({ name: String(name), type: String(type) }));
}

/** System tables are not in the tables API: asked for by name, they are "not found" (read them with SQL). */
function refuseReserved(name: string, action: 'read' | 'change'): void {
  if (!isReservedName(name)) return;
  if (action === 'change') throw new DomainError('FORBIDDEN', `'${name}' is a DuckQuery system table and cannot be changed or deleted`, { table: name });
  throw notFound('Table', name);
}

/**
 * The tables API (issue 4, item 3): user tables newest first, live column statistics, refresh
 * (statistics written back to the table's file-source row), delete (table and file-source row
 * in one transaction). Changes are audited.
 */
export function createTablesService({ database }: AppContext, actor: string) {
  async function detail(name: string): Promise<TableDetail> {
    refuseReserved(name, 'read');
    return database.read(async (connection) => {
      const table = await findTable(connection, name);
      if (!table) throw notFound('Table', name);
      const columns = await tableColumns(connection, table.name);
      const stats = await columnStats(connection, table.name, columns, table.estimatedRows);
      return { table_name: table.name, column_count: columns.length, ...stats };
    });
  }

  return {
    /** Newest first (file-source created_at), then tables made by SQL, by name. */
    async list(): Promise<TableSummary[]> {
      return database.read(async (connection) => {
        const tables = await userTables(connection);
        const counts = await rowCounts(connection, tables.map((t) => t.name));
        return tables
          .map((t) => ({ table_name: t.name, column_count: t.columnCount, row_count: counts.get(t.name) ?? 0, created_at: t.createdAt }))
          .sort(
            (a, b) =>
              (b.created_at?.getTime() ?? -Infinity) - (a.created_at?.getTime() ?? -Infinity) || a.table_name.localeCompare(b.table_name),
          );
      });
    },

    detail,

    /** Recomputes the statistics and writes counts and columns back to the table's file-source row (if it has one). */
    async refresh(name: string): Promise<TableDetail> {
      refuseReserved(name, 'change');
      const fresh = await detail(name);
      return audited(database, { actor, action: 'table.refresh', target_type: 'table', target_id: fresh.table_name }, async () => {
        await database.write((connection) =>
          connection.run(
            `UPDATE system_file_sources
                SET row_count = $2, column_count = $3, columns = $4::JSON, updated_at = now(), import_checksum = NULL
              WHERE source_id = $1`,
            [fresh.table_name, fresh.row_count, fresh.column_count, JSON.stringify(fresh.columns.map((c) => c.column_name))],
          ),
        );
        return fresh;
      });
    },

    /** DROP TABLE and DELETE of its file-source row, in one transaction with the audit row. */
    async delete(name: string): Promise<{ table_name: string; table_dropped: boolean; file_source_deleted: boolean }> {
      refuseReserved(name, 'change');
      const started = performance.now();
      const event = (outcome: AuditEvent['outcome'], details: Record<string, unknown>): AuditEvent => ({
        actor,
        action: 'table.delete',
        target_type: 'table',
        target_id: name,
        outcome,
        details,
        duration_ms: performance.now() - started,
      });
      try {
        return await database.transaction(async (connection) => {
          const table = await findTable(connection, name);
          const tableName = table?.name ?? name;
          if (table) await connection.run(`DROP TABLE ${quotedIdentifier(table.name)}`);
          const deleted = await connection.runAndReadAll('DELETE FROM system_file_sources WHERE lower(source_id) = lower($1) RETURNING source_id', [tableName]);
          const fileSourceDeleted = deleted.getRowsJS().length > 0;
          if (!table && !fileSourceDeleted) throw notFound('Table', name);
          const result = { table_name: tableName, table_dropped: table !== null, file_source_deleted: fileSourceDeleted };
          await insertAuditRows(connection, [event('ok', result)]);
          return result;
        });
      } catch (error) {
        await appendAudit(database, event('error', { error: errorMessage(error) }));
        throw error;
      }
    },
  };
}

export type TablesService = ReturnType<typeof createTablesService>;
