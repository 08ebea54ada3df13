import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:net';
import { processWide } from '../shared/process-wide';
import type { AccessConfig } from './access-config';

/**
 * The client's IP address, for per-client rate limits and the sign-in audit.
 *
 * Next.js does not hand route handlers the socket, and it only fills X-Forwarded-For when the
 * client did not send one (so the header is the client's to forge). At start-up DuckQuery
 * therefore stamps each request with the socket's peer address under a header whose name holds a
 * per-process random nonce (stampPeerAddresses): a client cannot guess it, so cannot forge it.
 * Behind a reverse proxy (DUCKQUERY_TRUST_PROXY=N) the address is the entry the outermost
 * trusted proxy appended to X-Forwarded-For: the N-th from the right.
 */

function peerHeaderName(): string {
  return processWide('duckquery.peerHeader', () => `x-duckquery-peer-${randomBytes(12).toString('hex')}`);
}

const stamped = new WeakSet<Server>();

/** Runs first on every request of `server`: records the socket's address (overwriting nothing a client can name). */
export function stampPeerAddresses(server: Server): void {
  if (stamped.has(server)) return;
  stamped.add(server);
  const name = peerHeaderName();
  server.prependListener('request', (req: IncomingMessage) => {
    req.headers[name] = req.socket.remoteAddress ?? '';
  });
}

/** Headers as a test (or an in-process caller) would have them after stamping. */
export function withPeerAddress(headers: HeadersInit, address: string): Headers {
  const result = new Headers(headers);
  result.set(peerHeaderName(), address);
  return result;
}

const normalize = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').slice(0, 100);

/** The client address, or null when it cannot be known (a server-side caller, or no stamp). */
export function clientAddress(headers: Headers, config: Pick<AccessConfig, 'trustProxyHops'>): string | null {
  if (config.trustProxyHops > 0) {
    const hops = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const entry = hops[hops.length - config.trustProxyHops];
    if (entry) return normalize(entry);
  }
  const peer = headers.get(peerHeaderName());
  return peer ? normalize(peer) : null;
}
