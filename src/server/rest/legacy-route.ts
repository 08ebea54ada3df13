import { createCaller } from '../api/root';
import { createTRPCContext } from '../api/trpc';
import { errorToResponse, type StatusOverrides } from './error-response';

/**
 * Wraps a shim so every error answers in the legacy shape. Keeps the handler's own parameters,
 * so Next.js sees `(req, { params })` and tests can call it as a plain function.
 */
export function legacyRoute<A extends [Request, ...unknown[]]>(
  handler: (...args: A) => Promise<Response>,
  overrides: StatusOverrides = {},
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorToResponse(error, overrides);
    }
  };
}

/** The same tRPC router the app uses, called in-process; the actor is whatever the context gives. */
export async function callerFor(req: Request) {
  return createCaller(await createTRPCContext({ headers: req.headers }));
}

/** Next.js hands a dynamic route its params as a promise. */
export interface IdParams {
  params: Promise<{ id: string }>;
}

/** The legacy list routes answered every row; tRPC lists are paged (≤ 1000 a page). */
export async function collectAllPages<T>(fetchPage: (page: { limit: number; offset: number }) => Promise<{ items: T[]; total: number }>) {
  const limit = 1000;
  const all: T[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await fetchPage({ limit, offset });
    all.push(...page.items);
    if (page.items.length < limit || all.length >= page.total) return all;
  }
}
