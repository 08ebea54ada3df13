import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseRateLimits, RateLimitConfigError } from '@/server/rate-limit/limits';
import { RateLimiter } from '@/server/rate-limit/rate-limiter';
import { processRateLimiter, rateLimitedCause, withRateLimit } from '@/server/rate-limit/with-rate-limit';

function clockedLimiter(limit: { perMinute: number; concurrent: number }) {
  let now = 0;
  const limiter = new RateLimiter(() => limit, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('token bucket + concurrency limiter', () => {
  it('allows a minute’s worth at once, then one per refill interval, with an honest Retry-After', () => {
    const { limiter, advance } = clockedLimiter({ perMinute: 6, concurrent: Infinity });
    for (let i = 0; i < 6; i++) expect(limiter.acquire('a', 'query').ok).toBe(true);
    const refused = limiter.acquire('a', 'query');
    expect(refused).toMatchObject({ ok: false, reason: 'rate', retryAfterSeconds: 10 });
    advance(5_000);
    expect(limiter.acquire('a', 'query')).toMatchObject({ ok: false, retryAfterSeconds: 5 });
    advance(5_000);
    expect(limiter.acquire('a', 'query').ok).toBe(true);
  });

  it('counts clients and actions separately', () => {
    const { limiter } = clockedLimiter({ perMinute: 1, concurrent: Infinity });
    expect(limiter.acquire('a', 'query').ok).toBe(true);
    expect(limiter.acquire('a', 'query').ok).toBe(false);
    expect(limiter.acquire('b', 'query').ok).toBe(true);
    expect(limiter.acquire('a', 'upload').ok).toBe(true);
  });

  it('caps work running at once until it is released (once)', () => {
    const { limiter } = clockedLimiter({ perMinute: 100, concurrent: 2 });
    const first = limiter.acquire('a', 'connection_test');
    const second = limiter.acquire('a', 'connection_test');
    expect(limiter.acquire('a', 'connection_test')).toMatchObject({ ok: false, reason: 'concurrency', retryAfterSeconds: 1 });
    if (!first.ok || !second.ok) throw new Error('expected slots');
    first.release();
    first.release();
    expect(limiter.acquire('a', 'connection_test').ok).toBe(true);
    expect(limiter.acquire('a', 'connection_test').ok).toBe(false);
  });

  it('forgets idle clients once it holds many', () => {
    const { limiter, advance } = clockedLimiter({ perMinute: 10, concurrent: 5 });
    for (let i = 0; i < 10_000; i++) {
      const acquired = limiter.acquire(`c${i}`, 'query');
      if (acquired.ok) acquired.release();
    }
    expect(limiter.acquire('busy', 'query').ok).toBe(true); // still running: kept
    advance(60_000);
    limiter.acquire('trigger', 'query');
    expect(limiter.size).toBe(2);
  });
});

describe('rate-limit settings', () => {
  it('reads "<per minute>,<at once>", "-" and off; refuses nonsense', () => {
    const limits = parseRateLimits({ DUCKQUERY_RATE_LIMIT_QUERY: '30,2', DUCKQUERY_RATE_LIMIT_UPLOAD: '-,1', DUCKQUERY_RATE_LIMIT_URL_IMPORT: 'off' });
    expect(limits.query).toEqual({ perMinute: 30, concurrent: 2 });
    expect(limits.upload).toEqual({ perMinute: Infinity, concurrent: 1 });
    expect(limits.url_import).toEqual({ perMinute: Infinity, concurrent: Infinity });
    expect(limits.connection_test).toEqual(DEFAULT_LIMITS.connection_test);
    expect(parseRateLimits({ DUCKQUERY_RATE_LIMITS: 'off' }).signin.perMinute).toBe(Infinity);
    for (const bad of ['30', '0,1', 'ten,2', '1,0']) expect(() => parseRateLimits({ DUCKQUERY_RATE_LIMIT_QUERY: bad })).toThrow(RateLimitConfigError);
  });
});

describe('withRateLimit', () => {
  afterEach(() => {
    delete process.env.DUCKQUERY_RATE_LIMIT_UPLOAD;
  });

  it('answers TOO_MANY_REQUESTS with Retry-After on the response headers, and counts nested calls once', async () => {
    process.env.DUCKQUERY_RATE_LIMIT_UPLOAD = '100,1';
    const client = { actor: 'user', clientIp: '10.0.0.1', resHeaders: new Headers() };
    let release!: () => void;
    const running = withRateLimit(client, 'upload', () => withRateLimit(client, 'upload', () => new Promise<string>((r) => (release = () => r('done')))));
    await new Promise((r) => setTimeout(r, 0));
    const error = await withRateLimit(client, 'upload', async () => 'never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    expect(rateLimitedCause(error)).toMatchObject({ action: 'upload', retryAfterSeconds: 1 });
    expect(client.resHeaders.get('Retry-After')).toBe('1');
    // Another client is not affected.
    await expect(withRateLimit({ actor: 'user', clientIp: '10.0.0.2' }, 'upload', async () => 'ok')).resolves.toBe('ok');
    release();
    await expect(running).resolves.toBe('done');
    await expect(withRateLimit(client, 'upload', async () => 'again')).resolves.toBe('again');
    expect(processRateLimiter()).toBe(processRateLimiter());
  });

  it('releases the slot when the work fails', async () => {
    process.env.DUCKQUERY_RATE_LIMIT_UPLOAD = '100,1';
    const client = { actor: 'user', clientIp: '10.0.0.3' };
    await expect(withRateLimit(client, 'upload', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withRateLimit(client, 'upload', async () => 'ok')).resolves.toBe('ok');
  });
});
