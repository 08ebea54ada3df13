import type { Env } from '../auth/access-config';

/**
 * Per-client caps on expensive work, by action class. Each class has a rate (a token bucket that
 * holds one minute's worth and refills continuously) and a cap on how many may run at once.
 * docs/CONFIGURATION.md, "Rate limits", documents the variables.
 */
export const RATE_LIMIT_ACTIONS = ['query', 'upload', 'url_import', 'connection_test', 'signin'] as const;
export type RateLimitAction = (typeof RATE_LIMIT_ACTIONS)[number];

export interface ActionLimit {
  /** Starts per minute (also the burst size); Infinity = no rate cap. */
  perMinute: number;
  /** Running at once; Infinity = no cap. */
  concurrent: number;
}

export const DEFAULT_LIMITS: Readonly<Record<RateLimitAction, ActionLimit>> = Object.freeze({
  query: { perMinute: 120, concurrent: 4 },
  upload: { perMinute: 60, concurrent: 3 },
  url_import: { perMinute: 10, concurrent: 2 },
  connection_test: { perMinute: 30, concurrent: 2 },
  signin: { perMinute: 10, concurrent: 2 },
});

const UNLIMITED: ActionLimit = { perMinute: Infinity, concurrent: Infinity };

export class RateLimitConfigError extends Error {
  override name = 'RateLimitConfigError';
}

export const envName = (action: RateLimitAction) => `DUCKQUERY_RATE_LIMIT_${action.toUpperCase()}`;

/** `"<per minute>,<at once>"` (either part may be `-` for no cap), or `off`. */
function parseLimit(name: string, raw: string): ActionLimit {
  const value = raw.trim().toLowerCase();
  if (value === 'off') return UNLIMITED;
  const match = /^(\d+|-)\s*,\s*(\d+|-)$/.exec(value);
  const part = (p: string) => (p === '-' ? Infinity : Number(p));
  const limit = match ? { perMinute: part(match[1]!), concurrent: part(match[2]!) } : null;
  if (!limit || limit.perMinute === 0 || limit.concurrent === 0) {
    throw new RateLimitConfigError(`${name} must be "<per minute>,<at once>" (positive numbers or -), or off; not '${raw}'`);
  }
  return limit;
}

export function parseRateLimits(env: Env): Record<RateLimitAction, ActionLimit> {
  const allOff = env.DUCKQUERY_RATE_LIMITS?.trim().toLowerCase() === 'off';
  return Object.fromEntries(
    RATE_LIMIT_ACTIONS.map((action) => {
      const raw = env[envName(action)];
      return [action, allOff ? UNLIMITED : raw?.trim() ? parseLimit(envName(action), raw) : DEFAULT_LIMITS[action]];
    }),
  ) as Record<RateLimitAction, ActionLimit>;
}

let memo: { signature: string; limits: Record<RateLimitAction, ActionLimit> } | undefined;

/** The current limits (re-read when the variables change, so tests can set them). */
export function currentRateLimits(env: Env = process.env): Record<RateLimitAction, ActionLimit> {
  const signature = JSON.stringify([env.DUCKQUERY_RATE_LIMITS ?? null, ...RATE_LIMIT_ACTIONS.map((a) => env[envName(a)] ?? null)]);
  if (memo?.signature !== signature) memo = { signature, limits: parseRateLimits(env) };
  return memo.limits;
}
