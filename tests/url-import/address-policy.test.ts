import { describe, expect, it } from 'vitest';
import { forbiddenReason, parseAllowList, refusalFor } from '@/server/ingest/url/address-policy';
import { fileTypeForDownload, rawGitHubUrl } from '@/server/ingest/url/url-file-type';

describe('which addresses a URL import may reach', () => {
  it('refuses every non-public range, IPv4 and IPv6, and accepts public addresses', () => {
    const refused = {
      '127.0.0.1': 'loopback',
      '10.1.2.3': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '100.64.0.1': 'carrier-grade NAT',
      '169.254.169.254': 'link-local',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '::1': 'loopback',
      'fe80::1': 'link-local',
      'fd00:ec2::254': 'unique-local',
      'fc12::1': 'unique-local',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '::ffff:808:808': 'IPv4-mapped',
      '64:ff9b::a00:1': 'NAT64',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'reserved',
    };
    for (const [address, word] of Object.entries(refused)) expect(forbiddenReason(address), address).toContain(word);
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '1.1.1.1']) expect(forbiddenReason(address), address).toBeNull();
  });

  it('a name is refused when any of its addresses is private, and metadata names are refused by name', () => {
    const none = parseAllowList([]);
    expect(refusalFor(none, 'mixed.example', ['93.184.216.34', '10.0.0.7'])).toBe('mixed.example resolves to 10.0.0.7, a private address');
    expect(refusalFor(none, 'metadata.google.internal', ['93.184.216.34'])).toMatch(/cloud metadata service/);
    expect(refusalFor(none, 'example.com', ['93.184.216.34'])).toBeNull();
  });

  it('DUCKQUERY_URL_ALLOW_HOSTS lets listed names, addresses and CIDR ranges through, nothing else', () => {
    const allow = parseAllowList(['files.internal', '10.1.0.0/16', '::1', ' [fd00::5] ']);
    expect(refusalFor(allow, 'FILES.internal.', ['10.9.9.9'])).toBeNull();
    expect(refusalFor(allow, 'other.internal', ['10.1.200.3'])).toBeNull();
    expect(refusalFor(allow, 'other.internal', ['10.2.0.1'])).toMatch(/private address/);
    expect(refusalFor(allow, '::1', ['::1'])).toBeNull();
    expect(refusalFor(allow, 'x', ['fd00::5'])).toBeNull();
    expect(refusalFor(allow, 'localhost', ['127.0.0.1'])).toMatch(/loopback/);
    expect(() => parseAllowList(['10.0.0.0/40'])).toThrow(/not a CIDR range/);
    expect(() => parseAllowList(['nonsense/8'])).toThrow(/not a CIDR range/);
  });

  it('rewrites GitHub blob URLs to raw ones and takes the type from the extension, else the content type, else CSV', () => {
    expect(rawGitHubUrl(new URL('https://github.com/duckdb/duckdb/blob/main/data/csv/test.csv')).toString()).toBe('https://raw.githubusercontent.com/duckdb/duckdb/main/data/csv/test.csv');
    expect(rawGitHubUrl(new URL('https://github.com/duckdb/duckdb/tree/main/data')).toString()).toBe('https://github.com/duckdb/duckdb/tree/main/data');
    expect(fileTypeForDownload(new URL('https://x.test/a/b.parquet?x=1'), 'text/plain')).toBe('parquet');
    expect(fileTypeForDownload(new URL('https://x.test/export'), 'application/x-ndjson; charset=utf-8')).toBe('jsonl');
    expect(fileTypeForDownload(new URL('https://x.test/export'), 'application/json')).toBe('json');
    expect(fileTypeForDownload(new URL('https://x.test/export'), null)).toBe('csv');
    expect(() => fileTypeForDownload(new URL('https://x.test/old.xls'), null)).toThrow(/save it as \.xlsx/);
  });
});
