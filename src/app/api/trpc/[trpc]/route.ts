import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { log } from '@/server/log';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The context carries the request's headers and method: each procedure authenticates the caller
 * and checks state-changing requests for CSRF itself (src/server/api/trpc.ts).
 */
function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ headers: req.headers, method: req.method, resHeaders }),
    onError({ path, error }) {
      // Messages only: inputs can hold secrets, so they are never logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error(`tRPC ${path ?? '?'} failed: ${error.cause?.message ?? error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
