import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { z } from 'zod';
import type { BatchedWrite } from '../db/group-commit';
import { queryRows } from '../db/rows';
import type { FileSource, fileSourceUpsertInput } from './file-source';
import { FILE_SOURCE_COLUMNS, toFileSource } from './file-source-row';

type UpsertInput = z.output<typeof fileSourceUpsertInput>;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Saves of file-source records, many in ONE `INSERT … ON CONFLICT DO UPDATE`: in DuckDB each
 * small upsert statement costs milliseconds, a multi-row one a fraction of that per row.
 * created_at is kept on update; updated_at is bumped; import_checksum cleared (changed in the app).
 * RETURNING hands each caller its saved row without a second query.
 */
export const upsertFileSources: BatchedWrite<UpsertInput, FileSource> = {
  name: 'file_source.upsert',
  key: (input) => input.source_id,
  async runMany(connection, inputs) {
    // DuckDB's ON CONFLICT path costs about twice a plain INSERT, and most saves are new rows:
    // look the keys up first and give the conflict clause only to rows that exist. A row another
    // connection inserts meanwhile makes the plain INSERT fail; the writer then re-runs each save
    // alone, and that run sees the row.
    const existing = await queryRows<{ source_id: string }>(
      connection,
      'SELECT source_id FROM system_file_sources WHERE source_id IN (SELECT unnest($1::VARCHAR[]))',
      [JSON.stringify(inputs.map((input) => input.source_id))],
    );
    const exists = new Set(existing.map((row) => row.source_id));
    const rows = [
      ...(await insertRows(connection, inputs.filter((input) => !exists.has(input.source_id)), '')),
      ...(await insertRows(connection, inputs.filter((input) => exists.has(input.source_id)), ON_CONFLICT_UPDATE)),
    ];
    const saved = new Map(rows.map((row) => [String(row.source_id), toFileSource(row)]));
    return inputs.map((input) => saved.get(input.source_id)!);
  },
};

const ON_CONFLICT_UPDATE = `ON CONFLICT (source_id) DO UPDATE SET filename = excluded.filename, file_path = excluded.file_path,
  file_type = excluded.file_type, row_count = excluded.row_count, column_count = excluded.column_count,
  columns = excluded.columns, column_profiles = excluded.column_profiles,
  schema_version = excluded.schema_version, extra = excluded.extra, updated_at = now(), import_checksum = NULL`;

async function insertRows(connection: DuckDBConnection, inputs: UpsertInput[], conflictClause: string) {
  if (inputs.length === 0) return [];
  const values: string[] = [];
  const params: DuckDBValue[] = [];
  for (const input of inputs) {
    const n = params.length;
    const p = (i: number) => `$${n + i}`;
    values.push(
      `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::JSON, ${p(8)}::JSON, ${p(9)}, ${p(10)}::JSON, coalesce(${p(11)}::TIMESTAMPTZ, now()), now())`,
    );
    params.push(
      input.source_id,
      input.filename,
      input.file_path,
      input.file_type,
      input.row_count,
      input.column_count,
      json(input.columns),
      json(input.column_profiles),
      input.schema_version,
      JSON.stringify(input.extra),
      input.created_at?.toISOString() ?? null,
    );
  }
  return queryRows(
    connection,
    `INSERT INTO system_file_sources (source_id, filename, file_path, file_type, row_count, column_count, columns,
       column_profiles, schema_version, extra, created_at, updated_at)
     VALUES ${values.join(', ')} ${conflictClause}
     RETURNING ${FILE_SOURCE_COLUMNS.join(', ')}`,
    params,
  );
}
