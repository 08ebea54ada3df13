import { AsyncLocalStorage } from 'node:async_hooks';
import { TRPCError } from '@trpc/server';
import { processWide } from '../shared/process-wide';
import { currentRateLimits, type RateLimitAction } from './limits';
import { RateLimiter } from './rate-limiter';

/** Who is asking: the tRPC context has these fields, so `withRateLimit(ctx, …)` just works. */
export interface RateLimitClient {
  actor: string;
  clientIp: string | null;
  /** The HTTP response's headers, when there is one: gets `Retry-After`. */
  resHeaders?: Headers | null;
}

/** Recognised by a registered symbol, not `instanceof`: Next.js bundles this module more than once. */
const RATE_LIMITED = Symbol.for('duckquery.RateLimitedError');

export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  readonly [RATE_LIMITED] = true;
  constructor(
    readonly action: RateLimitAction,
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
  }
}

/** One limiter per process (Next.js may load this module more than once). */
export function processRateLimiter(): RateLimiter {
  return processWide('duckquery.rateLimiter', () => new RateLimiter((action) => currentRateLimits()[action]));
}

/** Actions whose slot this async context already holds: nested calls (a REST shim, then its procedure) count once. */
const held = new AsyncLocalStorage<ReadonlySet<RateLimitAction>>();

const LABELS: Record<RateLimitAction, string> = {
  query: 'queries',
  upload: 'uploads',
  url_import: 'URL imports',
  connection_test: 'connection tests',
  signin: 'sign-in attempts',
};

export function clientKey(client: Pick<RateLimitClient, 'actor' | 'clientIp'>): string {
  return `${client.actor}|${client.clientIp ?? 'unknown'}`;
}

/**
 * Runs `work` if `client` is within the limits of `action`, holding one of its concurrent slots
 * until `work` settles. Over a limit: TOO_MANY_REQUESTS (HTTP 429) with `Retry-After`, whose
 * cause is a RateLimitedError (REST shims read the seconds from it).
 */
export async function withRateLimit<T>(client: RateLimitClient, action: RateLimitAction, work: () => Promise<T>): Promise<T> {
  const holding = held.getStore();
  if (holding?.has(action)) return work();
  const acquired = processRateLimiter().acquire(clientKey(client), action);
  if (!acquired.ok) {
    const { retryAfterSeconds, limit } = acquired;
    const message =
      acquired.reason === 'concurrency'
        ? `Too many ${LABELS[action]} at once (at most ${limit.concurrent}): try again in ${retryAfterSeconds} s`
        : `Too many ${LABELS[action]} (at most ${limit.perMinute} a minute): try again in ${retryAfterSeconds} s`;
    client.resHeaders?.set('Retry-After', String(retryAfterSeconds));
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause: new RateLimitedError(action, retryAfterSeconds, message) });
  }
  try {
    return await held.run(new Set([...(holding ?? []), action]), work);
  } finally {
    acquired.release();
  }
}

/** The RateLimitedError behind `error`, if any (it may be wrapped by tRPC once or twice). */
export function rateLimitedCause(error: unknown): RateLimitedError | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as unknown as Record<symbol, unknown>)[RATE_LIMITED] === true) return e as RateLimitedError;
  }
  return null;
}
