import type { DuckDBConnection } from '@duckdb/node-api';
import { runLegacyImport } from '@/server/legacy-import/run-legacy-import';
import type { LegacyImportOptions } from '@/server/legacy-import/types';
import { openTestDatabase } from './test-database';

/** A fresh database plus a legacy config dir, and the importer bound to both. */
export async function openImportContext() {
  const ctx = await openTestDatabase();
  const importLegacy = (options: Partial<LegacyImportOptions> = {}) =>
    runLegacyImport(ctx.database, {
      configDir: ctx.configDir,
      legacyTimeZone: 'Asia/Shanghai',
      keyring: ctx.keyring,
      actor: 'test',
      ...options,
    });
  const query = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> =>
    // The engine runs in UTC with its configuration locked (issue 4): no SET TimeZone needed, or possible.
    ctx.database.read(async (connection: DuckDBConnection) => {
      const reader = await connection.runAndReadAll(sql, values as never);
      return reader.getRowObjectsJS() as T[];
    });
  return { ...ctx, importLegacy, query };
}

export type ImportContext = Awaited<ReturnType<typeof openImportContext>>;
