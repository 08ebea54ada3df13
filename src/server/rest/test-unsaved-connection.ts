import type { ConnectionTestResult } from '../datasources/datasources-service';
import { createCaller } from '../api/root';
import { createTRPCContext } from '../api/trpc';

/**
 * Tests connection params that are not saved (POST /api/database_connections/test,
 * /api/test_connection_simple) through the router's `datasources.testParams`: a real connection
 * attempt (src/server/connectors/), answered as version and latency or the error in plain words.
 */
export async function testUnsavedConnection(req: Request, type: string, params: Record<string, unknown> = {}): Promise<ConnectionTestResult> {
  const caller = createCaller(await createTRPCContext({ headers: req.headers }));
  return caller.datasources.testParams({ type, params });
}
