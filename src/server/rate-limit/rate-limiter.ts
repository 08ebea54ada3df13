import type { ActionLimit, RateLimitAction } from './limits';

export type Acquired = { ok: true; release: () => void } | { ok: false; reason: 'rate' | 'concurrency'; retryAfterSeconds: number; limit: ActionLimit };

interface Bucket {
  tokens: number;
  updatedAt: number;
  running: number;
}

const SWEEP_ABOVE = 10_000;

/**
 * An in-process limiter: per (client, action) a token bucket (capacity = one minute's worth,
 * refilled continuously) and a count of running work. One process serves DuckQuery, so memory
 * is the right place; limits reset on restart.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limitOf: (action: RateLimitAction) => ActionLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  acquire(client: string, action: RateLimitAction): Acquired {
    const limit = this.limitOf(action);
    if (limit.perMinute === Infinity && limit.concurrent === Infinity) return { ok: true, release: () => undefined };
    const key = `${action}\u0000${client}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.perMinute, updatedAt: now, running: 0 };
    this.refill(bucket, limit, now);
    this.buckets.set(key, bucket);
    if (bucket.running >= limit.concurrent) return { ok: false, reason: 'concurrency', retryAfterSeconds: 1, limit };
    if (bucket.tokens < 1) {
      return { ok: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / limit.perMinute)), limit };
    }
    bucket.tokens -= 1;
    bucket.running += 1;
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        bucket.running -= 1;
      },
    };
  }

  private refill(bucket: Bucket, limit: ActionLimit, now: number): void {
    if (limit.perMinute === Infinity) {
      bucket.tokens = Infinity;
    } else {
      bucket.tokens = Math.min(limit.perMinute, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * limit.perMinute);
    }
    bucket.updatedAt = now;
  }

  /** Forgets clients that are idle and back to a full bucket: they look exactly like new ones. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const action = key.slice(0, key.indexOf('\u0000')) as RateLimitAction;
      this.refill(bucket, this.limitOf(action), now);
      if (bucket.running === 0 && bucket.tokens >= this.limitOf(action).perMinute) this.buckets.delete(key);
    }
  }

  /** How many (client, action) entries are held (tests). */
  get size(): number {
    return this.buckets.size;
  }
}
