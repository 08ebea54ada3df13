import type { DuckDBValue } from '@duckdb/node-api';
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
    const rows = await queryRows(
      connection,
      `INSERT INTO system_file_sources (source_id, filename, file_path, file_type, row_count, column_count, columns,
         column_profiles, schema_version, extra, created_at, updated_at)
       VALUES ${values.join(', ')}
       ON CONFLICT (source_id) DO UPDATE SET filename = excluded.filename, file_path = excluded.file_path,
         file_type = excluded.file_type, row_count = excluded.row_count, column_count = excluded.column_count,
         columns = excluded.columns, column_profiles = excluded.column_profiles,
         schema_version = excluded.schema_version, extra = excluded.extra, updated_at = now(), import_checksum = NULL
       RETURNING ${FILE_SOURCE_COLUMNS.join(', ')}`,
      params,
    );
    const saved = new Map(rows.map((row) => [String(row.source_id), toFileSource(row)]));
    return inputs.map((input) => saved.get(input.source_id)!);
  },
};
