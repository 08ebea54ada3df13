/**
 * Parameter names that hold secrets, for every connection type. The connector registry
 * (issue 5) may declare more per type; this list is the floor that is always protected.
 */
export const SECRET_MASK = '********';

const SECRET_PARAM_NAMES = new Set([
  'password',
  'passwd',
  'secret',
  'token',
  'api_key',
  'apikey',
  'access_token',
  'private_key',
  'ssl_key',
  'sslkey',
  'sslpassword',
]);

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM_NAMES.has(name.toLowerCase());
}

/** A copy of `params` with every secret value (set or not) shown as the mask. */
export function maskParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, isSecretParam(key) && value != null && value !== '' ? SECRET_MASK : value]),
  );
}
