import { describe, expect, it } from 'vitest';
import { parseAccessConfig } from '@/server/auth/access-config';
import { checkCsrf, type CsrfRequest } from '@/server/auth/csrf';

const config = parseAccessConfig({ DUCKQUERY_TRUSTED_ORIGINS: 'https://legacy.example.com,http://localhost:5173' });
const JSON_TYPE = { 'content-type': 'application/json', 'content-length': '2' };
const check = (headers: Record<string, string>, extra: Partial<CsrfRequest> = {}, cfg = config) =>
  checkCsrf({ method: 'POST', headers: new Headers({ host: '127.0.0.1:3000', ...headers }), via: 'session', ...extra }, cfg);
const verdict = (result: ReturnType<typeof checkCsrf>) => (result.ok ? 'ok' : result.status);

describe('CSRF: where a state-changing request comes from', () => {
  it.each([
    ['same origin', { origin: 'http://127.0.0.1:3000' }, 'ok'],
    ['same origin over https behind a proxy that keeps Host', { origin: 'https://127.0.0.1:3000' }, 'ok'],
    ['another port of the same host', { origin: 'http://127.0.0.1:3001' }, 403],
    ['another site', { origin: 'https://evil.example' }, 403],
    ['a look-alike host', { origin: 'http://127.0.0.1:3000.evil.example' }, 403],
    ['the opaque origin "null"', { origin: 'null' }, 403],
    ['a non-http scheme', { origin: 'file://127.0.0.1:3000' }, 403],
    ['a trusted origin', { origin: 'https://legacy.example.com' }, 'ok'],
    ['a trusted origin, default port spelled out', { origin: 'https://legacy.example.com:443' }, 'ok'],
    ['a trusted origin on another port', { origin: 'https://legacy.example.com:8443' }, 403],
    ['a trusted dev server', { origin: 'http://localhost:5173' }, 'ok'],
    ['Sec-Fetch-Site same-origin without Origin', { 'sec-fetch-site': 'same-origin' }, 'ok'],
    ['Sec-Fetch-Site none (typed URL, bookmark)', { 'sec-fetch-site': 'none' }, 'ok'],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }, 403],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a session cookie with neither header', {}, 403],
  ] as const)('%s → %s', (_name, headers, expected) => {
    expect(verdict(check({ ...JSON_TYPE, ...headers }))).toBe(expected);
  });

  it('lets non-browser clients (no Origin, no Sec-Fetch-Site) through when they do not use the session cookie', () => {
    expect(verdict(check(JSON_TYPE, { via: 'bearer' }))).toBe('ok');
    expect(verdict(check(JSON_TYPE, { via: 'open' }))).toBe('ok');
    expect(verdict(check({ ...JSON_TYPE, origin: 'https://evil.example' }, { via: 'bearer' }))).toBe(403);
  });

  it('trusts X-Forwarded-Host only behind a trusted proxy', () => {
    const headers = { ...JSON_TYPE, origin: 'https://duckquery.example.com', 'x-forwarded-host': 'duckquery.example.com' };
    expect(verdict(check(headers))).toBe(403);
    expect(verdict(check(headers, {}, parseAccessConfig({ DUCKQUERY_TRUST_PROXY: 'true' })))).toBe('ok');
  });

  it('does not check safe methods', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(verdict(check({ origin: 'https://evil.example' }, { method }))).toBe('ok');
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(verdict(check({ origin: 'https://evil.example' }, { method }))).toBe(403);
  });
});

describe('CSRF: what a state-changing request carries', () => {
  const same = { origin: 'http://127.0.0.1:3000' };
  it.each([
    ['application/json', { 'content-type': 'application/json; charset=utf-8' }, 'ok'],
    ['multipart/form-data', { 'content-type': 'multipart/form-data; boundary=x' }, 'ok'],
    ['text/plain', { 'content-type': 'text/plain;charset=UTF-8' }, 415],
    ['a urlencoded form', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['application/octet-stream', { 'content-type': 'application/octet-stream' }, 415],
    ['no body and no content type', {}, 'ok'],
    ['an empty body', { 'content-length': '0' }, 'ok'],
    ['a body without a content type', { 'content-length': '12' }, 415],
    ['a chunked body without a content type', { 'transfer-encoding': 'chunked' }, 415],
  ] as const)('%s → %s', (_name, headers, expected) => {
    expect(verdict(check({ ...same, ...headers }))).toBe(expected);
  });

  it('accepts the urlencoded form only where allowed (the sign-in form)', () => {
    expect(verdict(check({ ...same, 'content-type': 'application/x-www-form-urlencoded' }, { allowFormEncoded: true }))).toBe('ok');
    expect(verdict(check({ origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, { allowFormEncoded: true }))).toBe(403);
  });
});
