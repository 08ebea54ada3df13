import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { log } from '@/server/log';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError({ path, error }) {
      // Messages only: inputs can hold secrets, so they are never logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error(`tRPC ${path ?? '?'} failed: ${error.cause?.message ?? error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
