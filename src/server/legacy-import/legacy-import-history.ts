import type { Database } from '../db/database';
import { parseJson, queryRows, toNumber } from '../db/rows';

/** The import attempts recorded in system_legacy_imports, newest first, for the admin page. */
export async function listLegacyImports(database: Database, limit = 200) {
  const rows = await database.read((connection) =>
    queryRows(connection, 'SELECT * FROM system_legacy_imports ORDER BY id DESC LIMIT $1', [limit]),
  );
  return rows.map((row) => ({
    ...row,
    id: toNumber(row.id)!,
    skipped: parseJson<unknown[]>(row.skipped, []),
  }));
}
