import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { listPage, orderBy } from '../db/list-page';
import { containsPattern, queryOne } from '../db/rows';
import type { FileSource } from './file-source';
import { FILE_SOURCE_COLUMNS, toFileSource } from './file-source-row';
import { notFound } from '../errors';
import type { FileSourcesStore } from './file-sources-store';
import { upsertFileSources } from './upsert-file-sources';

const BASE_COLUMNS = FILE_SOURCE_COLUMNS.filter((c) => c !== 'column_profiles').join(', ');
const SORTABLE = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  source_id: 'source_id',
  filename: 'filename',
  row_count: 'row_count',
} as const;

async function selectOne(connection: DuckDBConnection, sourceId: string): Promise<FileSource | null> {
  const row = await queryOne(
    connection,
    `SELECT ${BASE_COLUMNS}, column_profiles FROM system_file_sources WHERE source_id = $1`,
    [sourceId],
  );
  return row ? toFileSource(row) : null;
}

export function createDuckdbFileSourcesStore(database: Database): FileSourcesStore {
  return {
    list: (input) =>
      database.read((connection) =>
        listPage(
          connection,
          {
            from: 'system_file_sources',
            columns: `${BASE_COLUMNS}, ${input.includeProfiles ? 'column_profiles' : 'NULL AS column_profiles'}`,
            filters: [
              input.search && {
                sql: `source_id ILIKE $search ESCAPE '\\' OR filename ILIKE $search ESCAPE '\\'`,
                params: { search: containsPattern(input.search) },
              },
              input.fileType && { sql: 'file_type = $fileType', params: { fileType: input.fileType } },
            ],
            orderBy: orderBy(SORTABLE[input.sortBy], input.sortDirection, 'source_id'),
            sortKey: input.sortBy === 'row_count' ? undefined : { column: SORTABLE[input.sortBy], direction: input.sortDirection }, // row_count may be NULL
            limit: input.limit,
            offset: input.offset,
          },
          toFileSource,
        ),
      ),

    get: (sourceId) => database.read((connection) => selectOne(connection, sourceId)),

    upsert: (input) => database.writeBatched(upsertFileSources, input),

    delete: (sourceId) =>
      database.write(async (connection) => {
        const source = await selectOne(connection, sourceId);
        if (!source) throw notFound('File source', sourceId);
        await connection.run('DELETE FROM system_file_sources WHERE source_id = $1', [sourceId]);
        return source;
      }),
  };
}
