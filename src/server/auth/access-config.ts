/**
 * Access-control settings, read from the environment on each use (cheap; memoized by value) so
 * tests and a restarted server always see the current variables. docs/CONFIGURATION.md,
 * "Access control", documents each one.
 */
export type Role = 'admin' | 'user';

/** Environment variables (process.env, or a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface AccessConfig {
  /** DUCKQUERY_ACCESS_TOKEN, or null. */
  accessToken: string | null;
  /** DUCKQUERY_ADMIN_TOKEN, or null. */
  adminToken: string | null;
  /** True when any token is set: every API call then needs a credential. */
  enabled: boolean;
  /** The role the access token grants: admin when it is the only token, else user. */
  accessTokenRole: Role;
  /** DUCKQUERY_TRUSTED_ORIGINS, normalised to `scheme://host[:port]`. */
  trustedOrigins: string[];
  /** DUCKQUERY_TRUST_PROXY: how many reverse-proxy hops append to X-Forwarded-For (0 = none trusted). */
  trustProxyHops: number;
  /** DUCKQUERY_SESSION_HOURS in seconds: how long a sign-in lasts. */
  sessionTtlSeconds: number;
  /** DUCKQUERY_USER_SQL_WRITES (default true): whether the user role may write with SQL (CTAS, INSERT, DROP of user tables, COPY to exports). Admins always may. */
  userSqlWrites: boolean;
}

export class AccessConfigError extends Error {
  override name = 'AccessConfigError';
}

/** Short tokens can be guessed; a random 32-character token is what the docs suggest. */
export const MIN_TOKEN_LENGTH = 16;
const DEFAULT_SESSION_HOURS = 12;

function readToken(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  if (value.length < MIN_TOKEN_LENGTH) {
    throw new AccessConfigError(`${name} must be at least ${MIN_TOKEN_LENGTH} characters long (e.g. \`openssl rand -base64 32\`)`);
  }
  return value;
}

function parseOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AccessConfigError(`DUCKQUERY_TRUSTED_ORIGINS: '${raw}' is not an origin like https://app.example.com`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new AccessConfigError(`DUCKQUERY_TRUSTED_ORIGINS: '${raw}' is not an origin like https://app.example.com (scheme, host, optional port; no path)`);
  }
  return url.origin;
}

function parseTrustProxy(raw: string | undefined): number {
  const value = raw?.trim().toLowerCase();
  if (!value || value === 'false' || value === '0') return 0;
  if (value === 'true') return 1;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new AccessConfigError(`DUCKQUERY_TRUST_PROXY must be true, false or a number of proxy hops (0-10), not '${raw}'`);
  }
  return hops;
}

function parseSessionHours(raw: string | undefined): number {
  if (!raw?.trim()) return DEFAULT_SESSION_HOURS * 3600;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366) {
    throw new AccessConfigError(`DUCKQUERY_SESSION_HOURS must be a number of hours between 0 and 8784, not '${raw}'`);
  }
  return Math.round(hours * 3600);
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new AccessConfigError(`${name} must be true or false, not '${env[name]}'`);
}

export function parseAccessConfig(env: Env): AccessConfig {
  const accessToken = readToken(env, 'DUCKQUERY_ACCESS_TOKEN');
  const adminToken = readToken(env, 'DUCKQUERY_ADMIN_TOKEN');
  if (accessToken && adminToken && accessToken === adminToken) {
    throw new AccessConfigError('DUCKQUERY_ACCESS_TOKEN and DUCKQUERY_ADMIN_TOKEN must differ (the same token cannot be both user and admin)');
  }
  const trustedOrigins = (env.DUCKQUERY_TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map(parseOrigin);
  return {
    accessToken,
    adminToken,
    enabled: accessToken !== null || adminToken !== null,
    accessTokenRole: adminToken ? 'user' : 'admin',
    trustedOrigins,
    trustProxyHops: parseTrustProxy(env.DUCKQUERY_TRUST_PROXY),
    sessionTtlSeconds: parseSessionHours(env.DUCKQUERY_SESSION_HOURS),
    userSqlWrites: parseBoolean(env, 'DUCKQUERY_USER_SQL_WRITES', true),
  };
}

const KEYS = ['DUCKQUERY_ACCESS_TOKEN', 'DUCKQUERY_ADMIN_TOKEN', 'DUCKQUERY_TRUSTED_ORIGINS', 'DUCKQUERY_TRUST_PROXY', 'DUCKQUERY_SESSION_HOURS', 'DUCKQUERY_USER_SQL_WRITES'] as const;
let memo: { signature: string; config: AccessConfig } | undefined;

/** The current settings. Throws AccessConfigError on a bad value (the server refuses to start on one). */
export function getAccessConfig(env: Env = process.env): AccessConfig {
  const signature = JSON.stringify(KEYS.map((key) => env[key] ?? null));
  if (memo?.signature !== signature) memo = { signature, config: parseAccessConfig(env) };
  return memo.config;
}
