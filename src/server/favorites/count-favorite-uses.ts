import { BIGINT, VARCHAR } from '@duckdb/node-api';
import type { BatchedWrite } from '../db/group-commit';
import { listParams } from '../db/list-params';
import type { Favorite } from './favorite';

let callSequence = 0;

/**
 * `use` calls that commit together become ONE `UPDATE … SET usage_count = usage_count + n`.
 * Callers of the same favorite get consecutive counts, exactly as if they had run one by one.
 * Returns null for an unknown id.
 */
export const countFavoriteUses = (toFavorite: (row: Record<string, unknown>) => Favorite): BatchedWrite<string, Favorite | null> => ({
  name: 'favorite.use',
  key: () => `call-${callSequence++}`, // every call is its own unit: increments of one id merge below
  async runMany(sql, ids) {
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const { values, types } = listParams([
      [VARCHAR, [...counts.keys()]],
      [BIGINT, [...counts.values()]],
    ]);
    const reader = await sql.runAndReadAll(
      `UPDATE system_sql_favorites AS f SET usage_count = f.usage_count + v.n, import_checksum = NULL
       FROM (SELECT unnest($1::VARCHAR[]) AS id, unnest($2::BIGINT[]) AS n) AS v WHERE f.id = v.id
       RETURNING f.id, f.name, f.sql, f.type, f.description, f.tags, f.created_at, f.updated_at, f.usage_count`,
      values,
      types,
    );
    const rows = reader.getRowObjectsJS();
    const after = new Map(rows.map((row) => [String(row.id), toFavorite(row)]));
    const handedOut = new Map<string, number>();
    return ids.map((id) => {
      const favorite = after.get(id);
      if (!favorite) return null;
      const k = (handedOut.get(id) ?? 0) + 1;
      handedOut.set(id, k);
      return { ...favorite, usage_count: favorite.usage_count - counts.get(id)! + k };
    });
  },
});
