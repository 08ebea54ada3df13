import net from 'node:net';
import type { AccessConfig } from './access-config';

/**
 * Without an access token DuckQuery listens on loopback only: anyone who can reach it could read
 * and change every table. scripts/start.mjs checks HOST before starting Next.js; this is the same
 * rule, enforced again in the server process (src/server/boot.ts), so `next start -H 0.0.0.0`
 * is refused too. (scripts/listen-host.mjs holds the same test for the start script; a unit test
 * keeps the two in step.)
 */
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6'); // IPv4-mapped 127.0.0.0/8

/** 127.0.0.0/8, ::1 (any spelling), IPv4-mapped loopback, and the name `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return LOOPBACK.check(h, 'ipv4');
  if (net.isIPv6(h)) return LOOPBACK.check(h, 'ipv6');
  return false;
}

export class ListenPolicyError extends Error {
  override name = 'ListenPolicyError';
}

export function listenRefusal(hosts: string[]): string {
  const where = hosts.map((h) => (h === '' ? 'every network interface' : h === '0.0.0.0' || h === '::' ? `${h} (every network interface)` : h)).join(', ');
  return (
    `refusing to listen on ${where} without an access token: anyone who can reach this server could read and change every table. ` +
    'Set DUCKQUERY_ACCESS_TOKEN (at least 16 characters; see docs/CONFIGURATION.md, "Access control") or listen on loopback only (HOST=127.0.0.1, ::1 or localhost).'
  );
}

/** Throws ListenPolicyError when any of `hosts` is reachable from other machines and no token is set. */
export function assertListenAllowed(hosts: string[], config: Pick<AccessConfig, 'enabled'>): void {
  if (config.enabled) return;
  const exposed = hosts.filter((h) => !isLoopbackHost(h));
  if (exposed.length > 0) throw new ListenPolicyError(listenRefusal(exposed));
}
