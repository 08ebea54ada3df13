import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { DomainError } from '../../errors';
import { refusalFor, type AllowList } from './address-policy';

/** How a host name becomes addresses; tests inject one (a public-looking name that is really local). */
export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolveHost: ResolveHost = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export const urlRefused = (reason: string) => new DomainError('FORBIDDEN', `URL refused: ${reason}. Only public internet addresses can be imported from (or hosts listed in DUCKQUERY_URL_ALLOW_HOSTS).`);

/**
 * The `lookup` of each outgoing connection: resolves the name once, checks every address, and
 * hands the checked addresses to the socket, so the connection goes exactly where the check
 * looked (no second resolution a DNS-rebinding server could answer differently).
 */
export function pinnedLookup(allow: AllowList, resolveHost: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (resolved) => {
        const reason = refusalFor(allow, hostname, resolved.map((r) => r.address));
        if (reason) return callback(urlRefused(reason) as unknown as NodeJS.ErrnoException, '', 0);
        const wanted = options.family === 4 || options.family === 6 ? resolved.filter((r) => r.family === options.family) : resolved;
        if (wanted.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
