import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { listPage, orderBy } from '../db/list-page';
import { containsPattern, parseJson, queryOne } from '../db/rows';
import { conflict, notFound } from '../errors';
import type { StoredDatasource } from './datasource';
import type { DatasourcesStore, NewStoredDatasource } from './datasources-store';

const COLUMNS =
  'id, name, type, params, status, description, enabled, password_needs_reentry, extra, created_at, updated_at, last_tested';
const SORTABLE = { name: 'name', type: 'type', created_at: 'created_at', updated_at: 'updated_at' } as const;

function toDatasource(row: Record<string, unknown>): StoredDatasource {
  return {
    id: String(row.id),
    name: String(row.name),
    type: String(row.type),
    params: parseJson<Record<string, unknown>>(row.params, {}),
    status: String(row.status),
    description: (row.description as string | null) ?? null,
    enabled: Boolean(row.enabled),
    password_needs_reentry: Boolean(row.password_needs_reentry),
    extra: parseJson<Record<string, unknown>>(row.extra, {}),
    created_at: row.created_at as Date,
    updated_at: row.updated_at as Date,
    last_tested: (row.last_tested as Date | null) ?? null,
  };
}

async function selectOne(connection: DuckDBConnection, id: string) {
  const row = await queryOne(connection, `SELECT ${COLUMNS} FROM system_datasources WHERE id = $1`, [id]);
  return row ? toDatasource(row) : null;
}

async function mustSelect(connection: DuckDBConnection, id: string) {
  const found = await selectOne(connection, id);
  if (!found) throw notFound('Connection', id);
  return found;
}

async function writeRow(connection: DuckDBConnection, record: NewStoredDatasource): Promise<void> {
  await connection.run(
    `INSERT INTO system_datasources (id, name, type, params, status, description, enabled, password_needs_reentry,
       extra, created_at, updated_at, last_tested)
     VALUES ($1, $2, $3, $4::JSON, $5, $6, $7, $8, $9::JSON, coalesce($10::TIMESTAMPTZ, now()), now(), $11::TIMESTAMPTZ)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, params = excluded.params,
       status = excluded.status, description = excluded.description, enabled = excluded.enabled,
       password_needs_reentry = excluded.password_needs_reentry, extra = excluded.extra,
       updated_at = now(), last_tested = excluded.last_tested, import_checksum = NULL`,
    [
      record.id,
      record.name,
      record.type,
      JSON.stringify(record.params),
      record.status,
      record.description,
      record.enabled,
      record.password_needs_reentry,
      JSON.stringify(record.extra),
      record.created_at?.toISOString() ?? null,
      record.last_tested?.toISOString() ?? null,
    ],
  );
}

export function createDuckdbDatasourcesStore(database: Database): DatasourcesStore {
  return {
    list: (input) =>
      database.read((connection) =>
        listPage(
          connection,
          {
            from: 'system_datasources',
            columns: COLUMNS,
            filters: [
              input.search && {
                sql: `id ILIKE $search ESCAPE '\\' OR name ILIKE $search ESCAPE '\\'`,
                params: { search: containsPattern(input.search) },
              },
              input.type && { sql: 'type = $type', params: { type: input.type } },
              input.status && { sql: 'status = $status', params: { status: input.status } },
            ],
            orderBy: orderBy(SORTABLE[input.sortBy], input.sortDirection, 'id'),
            limit: input.limit,
            offset: input.offset,
          },
          toDatasource,
        ),
      ),

    get: (id) => database.read((connection) => selectOne(connection, id)),

    create: (record) =>
      database.write(async (connection) => {
        if (await selectOne(connection, record.id)) throw conflict(`A connection with id '${record.id}' already exists`, { id: record.id });
        await writeRow(connection, record);
        return mustSelect(connection, record.id);
      }),

    update: (id, change) =>
      database.write(async (connection) => {
        const next = change(await mustSelect(connection, id));
        await writeRow(connection, { ...next, id });
        return mustSelect(connection, id);
      }),

    upsert: (record) =>
      database.write(async (connection) => {
        await writeRow(connection, record);
        return mustSelect(connection, record.id);
      }),

    delete: (id) =>
      database.write(async (connection) => {
        const found = await mustSelect(connection, id);
        await connection.run('DELETE FROM system_datasources WHERE id = $1', [id]);
        return found;
      }),
  };
}
