import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { containsPattern, parseJson, queryOne, queryRows, toNumber } from '../db/rows';
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
      database.read(async (connection) => {
        const where: string[] = [];
        const params: Record<string, string | number> = { limit: input.limit, offset: input.offset };
        if (input.search) {
          where.push(`(id ILIKE $search ESCAPE '\\' OR name ILIKE $search ESCAPE '\\')`);
          params.search = containsPattern(input.search);
        }
        if (input.type) {
          where.push('type = $type');
          params.type = input.type;
        }
        if (input.status) {
          where.push('status = $status');
          params.status = input.status;
        }
        const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
        const { limit: _l, offset: _o, ...filters } = params;
        const total = toNumber((await queryOne(connection, `SELECT count(*) AS n FROM system_datasources ${whereSql}`, filters))?.n) ?? 0;
        const order = `${SORTABLE[input.sortBy]} ${input.sortDirection === 'asc' ? 'ASC' : 'DESC'}, id`;
        const rows = await queryRows(
          connection,
          `SELECT ${COLUMNS} FROM system_datasources ${whereSql} ORDER BY ${order} LIMIT $limit OFFSET $offset`,
          params,
        );
        return { items: rows.map(toDatasource), total, limit: input.limit, offset: input.offset };
      }),

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
