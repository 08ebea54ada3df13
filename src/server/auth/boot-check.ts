import { Server } from 'node:net';
import { log } from '../log';
import { getAccessConfig, type Env } from './access-config';
import { stampPeerAddresses } from './client-address';
import { assertListenAllowed } from './listen-policy';

/**
 * The HTTP servers of this process that are already listening. Next.js runs the instrumentation
 * hook after `listen`, but gives it no handle on the server: Node's list of active handles is
 * the one place to find it (undocumented but stable since Node 0.x; absent → empty).
 */
function listeningServers(): Server[] {
  const getHandles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  const handles = typeof getHandles === 'function' ? getHandles.call(process) : [];
  return handles.filter((h): h is Server => h instanceof Server && h.listening);
}

function boundAddress(server: Server): string {
  const address = server.address();
  return typeof address === 'object' && address ? address.address : String(address ?? '');
}

/**
 * The host the Next.js CLI was told to listen on, when no listening server can be seen:
 * `-H`/`--hostname`, else its default (every interface); a standalone server.js reads HOSTNAME.
 */
export function hostFromArgv(argv: string[], env: Env): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-H' || arg === '--hostname') return argv[i + 1] ?? '';
    if (arg.startsWith('--hostname=')) return arg.slice('--hostname='.length);
  }
  if (argv.some((a) => a === 'start' || a === 'dev')) return '';
  return env.HOSTNAME ?? null;
}

/**
 * Called first at server start-up (src/server/boot.ts): rejects bad access settings, refuses to
 * serve a non-loopback address without a token, and stamps requests with the peer address.
 */
export function enforceAccessPolicyAtBoot(): void {
  const config = getAccessConfig(); // throws on a malformed token, origin or proxy setting
  const servers = listeningServers();
  servers.forEach(stampPeerAddresses);
  const hosts = servers.length > 0 ? servers.map(boundAddress) : [hostFromArgv(process.argv, process.env) ?? ''];
  assertListenAllowed(hosts, config);
  if (servers.length === 0) log.warn('could not find the HTTP server: client addresses are unknown to rate limits (set DUCKQUERY_TRUST_PROXY behind a proxy)');
  if (config.enabled) {
    const roles = config.adminToken ? (config.accessToken ? 'user and admin tokens' : 'an admin token') : 'an access token (admin role)';
    log.info(`access control is on: ${roles}, listening on ${hosts.join(', ')}`);
  }
}
