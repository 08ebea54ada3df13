import { createTRPCContext } from '../api/trpc';
import { createDatasourcesService, type ConnectionTestResult } from '../datasources/datasources-service';

/**
 * Tests connection params that are not saved (POST /api/database_connections/test,
 * /api/test_connection_simple). The router has no procedure for that yet (it only tests a saved
 * connection by id), so this asks the same service the router uses (STYLE.md pattern 4 allows
 * either). Connectors, and params-aware tests, arrive with issue 5.
 */
export async function testUnsavedConnection(req: Request, type: string): Promise<ConnectionTestResult> {
  const ctx = await createTRPCContext({ headers: req.headers });
  return createDatasourcesService(ctx.app, ctx.actor).test(type);
}
