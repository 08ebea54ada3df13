import net from 'node:net';

/**
 * The loopback test of scripts/start.mjs: the same rule as src/server/auth/listen-policy.ts
 * (which the server enforces again in-process); tests/auth/listen-policy.test.ts keeps the two
 * in step. Plain JavaScript because the start script runs before anything is compiled.
 */
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** @param {string} host */
export function isLoopbackHost(host) {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return LOOPBACK.check(h, 'ipv4');
  if (net.isIPv6(h)) return LOOPBACK.check(h, 'ipv6');
  return false;
}

/** @param {NodeJS.ProcessEnv} env */
export function accessTokenSet(env) {
  return Boolean(env.DUCKQUERY_ACCESS_TOKEN?.trim() || env.DUCKQUERY_ADMIN_TOKEN?.trim());
}
