import net from 'node:net';
import { ConfigError } from '../../config';

/**
 * Which addresses a URL import may connect to. Everything that is not the public internet is
 * refused — private, loopback, link-local (cloud metadata at 169.254.169.254), CGNAT, unique-local
 * and site-local IPv6 (AWS metadata at fd00:ec2::254), IPv4-mapped/-compatible and NAT64/6to4
 * IPv6 (they can embed any IPv4 address), unspecified, documentation, benchmark, multicast and
 * reserved ranges — unless DUCKQUERY_URL_ALLOW_HOSTS lists the host, the address or its range.
 */
const FORBIDDEN: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local (cloud metadata) address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'a reserved address'],
  ['192.0.2.0', 24, 'ipv4', 'a documentation address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['198.51.100.0', 24, 'ipv4', 'a documentation address'],
  ['203.0.113.0', 24, 'ipv4', 'a documentation address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'an unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['::', 96, 'ipv6', 'an IPv4-compatible address'],
  ['::ffff:0:0', 96, 'ipv6', 'an IPv4-mapped address'],
  ['64:ff9b::', 96, 'ipv6', 'a NAT64 address'],
  ['100::', 64, 'ipv6', 'a discard address'],
  ['2001:db8::', 32, 'ipv6', 'a documentation address'],
  ['2002::', 16, 'ipv6', 'a 6to4 address'],
  ['fc00::', 7, 'ipv6', 'a unique-local (private) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fec0::', 10, 'ipv6', 'a site-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

/** Cloud metadata services reachable by name. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** Why an address is not the public internet, or null when it is. */
export function forbiddenReason(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [network, prefix, ruleType, reason] of FORBIDDEN) {
    if (ruleType !== type && !(type === 'ipv6' && ruleType === 'ipv4')) continue;
    const single = new net.BlockList();
    single.addSubnet(network, prefix, ruleType);
    if (single.check(address, type)) return reason;
  }
  return null;
}

export interface AllowList {
  hosts: Set<string>;
  addresses: net.BlockList;
  isEmpty: boolean;
}

/** DUCKQUERY_URL_ALLOW_HOSTS entries: host names, addresses, or CIDR ranges. A malformed range stops the import with a ConfigError. */
export function parseAllowList(entries: string[]): AllowList {
  const hosts = new Set<string>();
  const addresses = new net.BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    if (entry.includes('/')) {
      const [network = '', prefixText = ''] = entry.split('/');
      const family = net.isIP(network);
      const prefix = Number(prefixText);
      if (family === 0 || !/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) {
        throw new ConfigError(`DUCKQUERY_URL_ALLOW_HOSTS: '${raw}' is not a CIDR range (e.g. 10.1.0.0/16 or fd00::/8)`);
      }
      addresses.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (net.isIP(entry)) {
      addresses.addAddress(entry, net.isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    } else {
      hosts.add(entry.replace(/\.$/, ''));
    }
  }
  return { hosts, addresses, isEmpty: entries.every((e) => !e.trim()) };
}

export function isHostAllowed(allow: AllowList, hostname: string): boolean {
  return allow.hosts.has(normalHost(hostname));
}

function isAddressAllowed(allow: AllowList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && allow.addresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * Null when `hostname`, resolved to `addresses`, may be connected to; else the reason in words.
 * Every address must pass (a name that resolves to one public and one private address is refused).
 */
export function refusalFor(allow: AllowList, hostname: string, addresses: string[]): string | null {
  const host = normalHost(hostname);
  if (isHostAllowed(allow, host)) return null;
  const byName = nameRefusal(allow, host);
  if (byName) return byName;
  if (addresses.length === 0) return `${host} has no address`;
  for (const address of addresses) {
    const reason = forbiddenReason(address);
    if (reason && !isAddressAllowed(allow, address)) return `${host} resolves to ${address}, ${reason}`;
  }
  return null;
}

/** Refusals that need no DNS: cloud metadata services by name (checked before resolving). */
export function nameRefusal(allow: AllowList, hostname: string): string | null {
  const host = normalHost(hostname);
  if (isHostAllowed(allow, host)) return null;
  return METADATA_HOSTS.has(host) ? `${host} is a cloud metadata service` : null;
}
