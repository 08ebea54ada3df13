import { createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { createStores } from '@/server/stores';
import type { AppContext } from '@/server/app-context';
import { openTestDatabase } from './test-database';

/** A fresh app over a real DuckDB file, and a tRPC caller on it. */
export async function openTestApp(env: Record<string, string> = {}) {
  const db = await openTestDatabase(env);
  const app: AppContext = { config: db.config, database: db.database, keyring: db.keyring, stores: createStores(db.config, db.database) };
  const caller = createCaller(await createTRPCContext({ headers: new Headers(), app, actor: 'tester' }));
  return { ...db, app, caller };
}
