import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../src/server/api/root';

/** A tRPC client for a running server: one HTTP request per call (no batching), superjson. */
export function trpcClient(baseUrl: string) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/api/trpc`, transformer: superjson })] });
}
