import { createCaller } from '../api/root';
import { createTRPCContext } from '../api/trpc';
import { guardRequest } from '../auth/request-guard';
import type { Principal } from '../auth/principal';
import { getAccessConfig } from '../auth/access-config';
import { clientAddress } from '../auth/client-address';
import type { RateLimitAction } from '../rate-limit/limits';
import { rateLimitedCause, withRateLimit } from '../rate-limit/with-rate-limit';
import { errorToResponse, type StatusOverrides } from './error-response';
import { legacyError } from './responses';

export interface LegacyRouteOptions {
  /** Holds a slot of this rate-limit class for the whole request (e.g. a save that then tests). */
  rateLimit?: RateLimitAction;
}

/** The principal each guarded request authenticated as, for callerFor (no second check). */
const principals = new WeakMap<Request, Principal>();

/**
 * Wraps a shim: first, in the handler itself, the access check (401 without a valid token or
 * session when one is configured) and the CSRF check of state-changing requests (403 / 415),
 * then the shim, with every error answered in the legacy shape (429 with `Retry-After` over a
 * rate limit). Keeps the handler's own parameters, so Next.js sees `(req, { params })` and tests
 * can call it as a plain function.
 */
export function legacyRoute<A extends [Request, ...unknown[]]>(
  handler: (...args: A) => Promise<Response>,
  overrides: StatusOverrides = {},
  options: LegacyRouteOptions = {},
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const req = args[0];
    try {
      const guard = await guardRequest(req);
      if (!guard.ok) return guard.response;
      principals.set(req, guard.principal);
      if (!options.rateLimit) return await handler(...args);
      const client = { actor: guard.principal.actor, clientIp: clientAddress(req.headers, getAccessConfig()) };
      return await withRateLimit(client, options.rateLimit, () => handler(...args));
    } catch (error) {
      const limited = rateLimitedCause(error);
      if (limited) {
        const response = legacyError(429, 'TOO_MANY_REQUESTS', limited.message, { retry_after_seconds: limited.retryAfterSeconds });
        response.headers.set('Retry-After', String(limited.retryAfterSeconds));
        return response;
      }
      return errorToResponse(error, overrides);
    }
  };
}

/** The same tRPC router the app uses, called in-process as the request's principal. */
export async function callerFor(req: Request) {
  return createCaller(await createTRPCContext({ headers: req.headers, principal: principals.get(req) }));
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
