import { describe, expect, it } from 'vitest';
import { hostFromArgv } from '@/server/auth/boot-check';
import { clientAddress, withPeerAddress } from '@/server/auth/client-address';
import { assertListenAllowed, isLoopbackHost, ListenPolicyError } from '@/server/auth/listen-policy';
// @ts-expect-error -- plain JavaScript module of the start script, without type declarations
import * as startScript from '../../scripts/listen-host.mjs';

const scriptIsLoopback = (startScript as { isLoopbackHost: (h: string) => boolean }).isLoopbackHost;

const HOSTS: [string, boolean][] = [
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['localhost', true],
  ['LOCALHOST', true],
  ['::1', true],
  ['[::1]', true],
  ['0:0:0:0:0:0:0:1', true],
  ['::ffff:127.0.0.1', true],
  ['0.0.0.0', false],
  ['::', false],
  ['', false],
  ['192.168.1.10', false],
  ['10.0.0.1', false],
  ['::ffff:10.0.0.1', false],
  ['fe80::1', false],
  ['128.0.0.1', false],
  ['localhost.evil.example', false],
  ['example.com', false],
];

describe('listen policy', () => {
  it.each(HOSTS)('%s is loopback: %s (the server and the start script agree)', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    expect(scriptIsLoopback(host)).toBe(loopback);
  });

  it('refuses non-loopback addresses without a token, with a message that says what to do', () => {
    expect(() => assertListenAllowed(['0.0.0.0'], { enabled: false })).toThrow(ListenPolicyError);
    expect(() => assertListenAllowed(['::'], { enabled: false })).toThrow(/DUCKQUERY_ACCESS_TOKEN.*HOST=127\.0\.0\.1/);
    expect(() => assertListenAllowed(['127.0.0.1', '::1'], { enabled: false })).not.toThrow();
    expect(() => assertListenAllowed(['0.0.0.0'], { enabled: true })).not.toThrow();
  });

  it('reads the host from the Next.js command line when no server can be seen', () => {
    expect(hostFromArgv(['node', 'next', 'start', '-H', '0.0.0.0'], {})).toBe('0.0.0.0');
    expect(hostFromArgv(['node', 'next', 'start', '--hostname=::1'], {})).toBe('::1');
    expect(hostFromArgv(['node', 'next', 'start', '-p', '3000'], {})).toBe(''); // Next's default: every interface
    expect(hostFromArgv(['node', 'server.js'], { HOSTNAME: '127.0.0.1' })).toBe('127.0.0.1');
    expect(hostFromArgv(['node', 'server.js'], {})).toBeNull();
  });
});

describe('client address', () => {
  it('is the stamped socket address, never a client-sent X-Forwarded-For, unless a proxy is trusted', () => {
    const headers = withPeerAddress({ 'x-forwarded-for': '6.6.6.6' }, '::ffff:192.168.1.7');
    expect(clientAddress(headers, { trustProxyHops: 0 })).toBe('192.168.1.7');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6', 'x-duckquery-peer': '6.6.6.6' }), { trustProxyHops: 0 })).toBeNull();
    // One trusted proxy appended the real client after whatever the client claimed.
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), { trustProxyHops: 1 })).toBe('203.0.113.9');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }), { trustProxyHops: 2 })).toBe('203.0.113.9');
    expect(clientAddress(withPeerAddress({}, '10.0.0.2'), { trustProxyHops: 1 })).toBe('10.0.0.2');
  });
});
