import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { isConstraintError } from '../db/errors';
import { listPage, orderBy } from '../db/list-page';
import { containsPattern, queryOne, toNumber } from '../db/rows';
import { conflict, notFound } from '../errors';
import type { Favorite } from './favorite';
import type { FavoritesStore } from './favorites-store';
import { countFavoriteUses } from './count-favorite-uses';

const COLUMNS = 'id, name, sql, type, description, tags, created_at, updated_at, usage_count';
const SORTABLE = { name: 'name', created_at: 'created_at', updated_at: 'updated_at', usage_count: 'usage_count' } as const;

/** Tags go in as JSON text: an empty JS list has no element type DuckDB could bind. */
const tagList = (tags: string[]) => JSON.stringify(tags);

function toFavorite(row: Record<string, unknown>): Favorite {
  return {
    id: String(row.id),
    name: String(row.name),
    sql: String(row.sql),
    type: String(row.type),
    description: String(row.description ?? ''),
    tags: (row.tags as string[] | null) ?? [],
    created_at: row.created_at as Date,
    updated_at: row.updated_at as Date,
    usage_count: toNumber(row.usage_count) ?? 0,
  };
}

const countUses = countFavoriteUses(toFavorite);

async function selectById(connection: DuckDBConnection, id: string): Promise<Favorite | null> {
  const row = await queryOne(connection, `SELECT ${COLUMNS} FROM system_sql_favorites WHERE id = $1`, [id]);
  return row ? toFavorite(row) : null;
}

async function assertNameFree(connection: DuckDBConnection, name: string, exceptId: string): Promise<void> {
  const owner = await queryOne(connection, 'SELECT id FROM system_sql_favorites WHERE name = $1 AND id <> $2', [name, exceptId]);
  if (owner) throw conflict(`A favorite named '${name}' already exists`, { name });
}

/** A UNIQUE/PRIMARY KEY violation that slipped past the checks becomes a CONFLICT. */
function mapConstraint(error: unknown): never {
  if (isConstraintError(error)) throw conflict('A favorite with that id or name already exists');
  throw error;
}

export function createDuckdbFavoritesStore(database: Database): FavoritesStore {
  const mustGet = async (connection: DuckDBConnection, id: string) => {
    const favorite = await selectById(connection, id);
    if (!favorite) throw notFound('Favorite', id);
    return favorite;
  };

  return {
    list: (input) =>
      database.read((connection) =>
        listPage(
          connection,
          {
            from: 'system_sql_favorites',
            columns: COLUMNS,
            filters: [
              input.search && {
                sql: `name ILIKE $search ESCAPE '\\' OR sql ILIKE $search ESCAPE '\\' OR description ILIKE $search ESCAPE '\\'`,
                params: { search: containsPattern(input.search) },
              },
              input.type && { sql: 'type = $type', params: { type: input.type } },
              input.tag && { sql: 'list_contains(tags, $tag)', params: { tag: input.tag } },
            ],
            orderBy: orderBy(SORTABLE[input.sortBy], input.sortDirection, 'id'),
            limit: input.limit,
            offset: input.offset,
          },
          toFavorite,
        ),
      ),

    get: (id) => database.read((connection) => selectById(connection, id)),

    create: (input) =>
      database
        .write(async (connection) => {
          const id = input.id ?? randomUUID();
          if (await selectById(connection, id)) throw conflict(`A favorite with id '${id}' already exists`, { id });
          await assertNameFree(connection, input.name, id);
          await connection.run(
            `INSERT INTO system_sql_favorites (id, name, sql, type, description, tags, created_at, updated_at, usage_count)
             VALUES ($1, $2, $3, $4, $5, $6::JSON::VARCHAR[], now(), now(), 0)`,
            [id, input.name, input.sql, input.type, input.description, tagList(input.tags)],
          );
          return mustGet(connection, id);
        })
        .catch(mapConstraint),

    update: (id, patch) =>
      database
        .write(async (connection) => {
          const current = await mustGet(connection, id);
          const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
          if (next.name !== current.name) await assertNameFree(connection, next.name, id);
          await connection.run(
            `UPDATE system_sql_favorites SET name = $2, sql = $3, type = $4, description = $5, tags = $6::JSON::VARCHAR[],
               updated_at = now(), import_checksum = NULL WHERE id = $1`,
            [id, next.name, next.sql, next.type, next.description, tagList(next.tags)],
          );
          return mustGet(connection, id);
        })
        .catch(mapConstraint),

    upsert: (record) =>
      database
        .write(async (connection) => {
          await assertNameFree(connection, record.name, record.id);
          await connection.run(
            `INSERT INTO system_sql_favorites (id, name, sql, type, description, tags, created_at, updated_at, usage_count)
             VALUES ($1, $2, $3, $4, $5, $6::JSON::VARCHAR[], coalesce($7::TIMESTAMPTZ, now()), coalesce($8::TIMESTAMPTZ, now()), $9)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, sql = excluded.sql, type = excluded.type,
               description = excluded.description, tags = excluded.tags, updated_at = now(),
               usage_count = excluded.usage_count, import_checksum = NULL`,
            [
              record.id,
              record.name,
              record.sql,
              record.type,
              record.description,
              tagList(record.tags),
              record.created_at?.toISOString() ?? null,
              record.updated_at?.toISOString() ?? null,
              record.usage_count,
            ],
          );
          return mustGet(connection, record.id);
        })
        .catch(mapConstraint),

    delete: (id) =>
      database.write(async (connection) => {
        const favorite = await mustGet(connection, id);
        await connection.run('DELETE FROM system_sql_favorites WHERE id = $1', [id]);
        return favorite;
      }),

    async use(id) {
      const favorite = await database.writeBatched(countUses, id);
      if (!favorite) throw notFound('Favorite', id);
      return favorite;
    },
  };
}
