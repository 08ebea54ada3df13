import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../src/server/api/root';
import { keepAliveFetch } from './keep-alive-fetch';

/**
 * A tRPC client for a running server: one HTTP request per call (no batching), superjson, over
 * one keep-alive connection (keep-alive-fetch.ts), on which concurrent calls queue.
 */
export function trpcClient(baseUrl: string) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, fetch: keepAliveFetch() })] });
}
