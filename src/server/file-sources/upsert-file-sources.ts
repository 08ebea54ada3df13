import { BIGINT, INTEGER, TIMESTAMPTZ, VARCHAR, timestampTZValue } from '@duckdb/node-api';
import type { z } from 'zod';
import type { BatchedWrite } from '../db/group-commit';
import { listParams } from '../db/list-params';
import type { SqlRunner } from '../db/statement-cache';
import type { FileSource, fileSourceUpsertInput } from './file-source';

type UpsertInput = z.output<typeof fileSourceUpsertInput>;

/** A save as it is stored: JSON columns as text. */
interface StoredSave {
  input: UpsertInput;
  columns: string | null;
  columnProfiles: string | null;
  extra: string;
}

const jsonText = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const EXISTING = `SELECT source_id, created_at FROM system_file_sources WHERE source_id IN (SELECT unnest($1::VARCHAR[]))`;

const INSERT = `INSERT INTO system_file_sources (source_id, filename, file_path, file_type, row_count, column_count, columns,
    column_profiles, schema_version, extra, created_at, updated_at)
  SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), unnest($4::VARCHAR[]), unnest($5::BIGINT[]),
    unnest($6::INTEGER[]), unnest($7::VARCHAR[])::JSON, unnest($8::VARCHAR[])::JSON, unnest($9::INTEGER[]),
    unnest($10::VARCHAR[])::JSON, unnest($11::TIMESTAMPTZ[]), unnest($12::TIMESTAMPTZ[])`;

// created_at is kept on update; import_checksum is cleared (the row changed in the app).
const UPDATE_EXISTING = `${INSERT}
  ON CONFLICT (source_id) DO UPDATE SET filename = excluded.filename, file_path = excluded.file_path,
    file_type = excluded.file_type, row_count = excluded.row_count, column_count = excluded.column_count,
    columns = excluded.columns, column_profiles = excluded.column_profiles,
    schema_version = excluded.schema_version, extra = excluded.extra, updated_at = excluded.updated_at, import_checksum = NULL`;

/**
 * Saves of file-source records, many in ONE statement (issue 2: group commit).
 *
 * In DuckDB each small statement costs about a millisecond, and the `ON CONFLICT` path about
 * three more: so the keys are looked up first, new rows get a plain INSERT and only existing
 * rows the conflict clause. A row another connection inserts meanwhile makes the plain INSERT
 * fail; the writer then re-runs each save alone, and that run sees the row. The saved rows are
 * built here rather than read back (RETURNING): the timestamps are set here, and the JSON
 * columns are returned as parsed from the stored text, as a later read would see them.
 */
export const upsertFileSources: BatchedWrite<UpsertInput, FileSource> = {
  name: 'file_source.upsert',
  key: (input) => input.source_id,
  async runMany(sql, inputs) {
    const keys = listParams([[VARCHAR, inputs.map((input) => input.source_id)]]);
    const existing = await sql.runAndReadAll(EXISTING, keys.values, keys.types);
    const createdAt = new Map((existing.getRowObjectsJS() as { source_id: string; created_at: Date }[]).map((row) => [row.source_id, row.created_at]));
    const savedAt = new Date();
    const saves = inputs.map(
      (input): StoredSave => ({ input, columns: jsonText(input.columns), columnProfiles: jsonText(input.column_profiles), extra: JSON.stringify(input.extra) }),
    );
    await insert(sql, INSERT, saves.filter((save) => !createdAt.has(save.input.source_id)), savedAt);
    await insert(sql, UPDATE_EXISTING, saves.filter((save) => createdAt.has(save.input.source_id)), savedAt);
    return saves.map((save) => savedRow(save, createdAt.get(save.input.source_id) ?? save.input.created_at ?? savedAt, savedAt));
  },
};

async function insert(sql: SqlRunner, statement: string, saves: StoredSave[], savedAt: Date): Promise<void> {
  if (saves.length === 0) return;
  const timestamp = (date: Date) => timestampTZValue(BigInt(date.getTime()) * 1000n);
  const { values, types } = listParams([
    [VARCHAR, saves.map(({ input }) => input.source_id)],
    [VARCHAR, saves.map(({ input }) => input.filename)],
    [VARCHAR, saves.map(({ input }) => input.file_path)],
    [VARCHAR, saves.map(({ input }) => input.file_type)],
    [BIGINT, saves.map(({ input }) => input.row_count)],
    [INTEGER, saves.map(({ input }) => input.column_count)],
    [VARCHAR, saves.map((save) => save.columns)],
    [VARCHAR, saves.map((save) => save.columnProfiles)],
    [INTEGER, saves.map(({ input }) => input.schema_version)],
    [VARCHAR, saves.map((save) => save.extra)],
    [TIMESTAMPTZ, saves.map(({ input }) => timestamp(input.created_at ?? savedAt))],
    [TIMESTAMPTZ, saves.map(() => timestamp(savedAt))],
  ]);
  await sql.run(statement, values, types);
}

function savedRow({ input, columns, columnProfiles, extra }: StoredSave, createdAt: Date, updatedAt: Date): FileSource {
  return {
    source_id: input.source_id,
    filename: input.filename,
    file_path: input.file_path,
    file_type: input.file_type,
    row_count: input.row_count,
    column_count: input.column_count,
    columns: columns === null ? null : (JSON.parse(columns) as unknown[]),
    column_profiles: columnProfiles === null ? null : (JSON.parse(columnProfiles) as unknown[]),
    schema_version: input.schema_version,
    extra: JSON.parse(extra) as Record<string, unknown>,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}
