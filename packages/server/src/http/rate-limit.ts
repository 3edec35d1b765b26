/** Per-API-token rate limiting: a token bucket for each token, answering 429 RATE_LIMITED with Retry-After. */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { HttpError } from "./errors.ts";

export interface TokenBucketOptions {
  /** Requests per second a caller may keep up; must be > 0. */
  ratePerSecond: number;
  /** Requests a caller may make at once after being idle; 2 × ratePerSecond (at least 1) by default. */
  burst?: number;
  /** Current time in ms; injected so tests move time by hand. */
  now: () => number;
  /** Idle buckets (full again) are forgotten once there are more than this many; default 10,000. */
  maxTrackedKeys?: number;
}

/** The outcome for one request: allowed, or refused with how long to wait. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface TokenBucketLimiter {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** How many callers' buckets are held in memory. */
  readonly trackedKeys: number;
  /** Takes one request's worth from `key`'s bucket. */
  take(key: string): TakeResult;
  /** Whether `key` could take one now, without taking it. */
  peek(key: string): TakeResult;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets keyed by caller: each holds up to `burst` requests and refills at `ratePerSecond`.
 *
 * @example const limiter = createTokenBucketLimiter({ ratePerSecond: 50, now: Date.now });
 */
export function createTokenBucketLimiter(options: TokenBucketOptions): TokenBucketLimiter {
  const rate = options.ratePerSecond;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError("ratePerSecond must be a positive number");
  const burst = options.burst ?? Math.max(1, 2 * rate);
  if (!(burst >= 1)) throw new RangeError("burst must be at least 1");
  const maxTrackedKeys = options.maxTrackedKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, now: number) => {
    // A clock that steps back never adds tokens.
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * rate);
    bucket.updatedAt = now;
  };

  // Whole seconds until one request's worth is back, never 0 (a client must wait at least a moment).
  const refusal = (bucket: Bucket): TakeResult => ({
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)),
  });

  const forgetIdleBuckets = (now: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, now);
      if (bucket.tokens >= burst) buckets.delete(key);
    }
  };

  return {
    ratePerSecond: rate,
    burst,
    get trackedKeys() {
      return buckets.size;
    },
    take(key) {
      const now = options.now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxTrackedKeys) forgetIdleBuckets(now);
        bucket = { tokens: burst, updatedAt: now };
        buckets.set(key, bucket);
      } else {
        refill(bucket, now);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return refusal(bucket);
    },
    peek(key) {
      const bucket = buckets.get(key);
      if (!bucket) return { allowed: true };
      refill(bucket, options.now());
      return bucket.tokens >= 1 ? { allowed: true } : refusal(bucket);
    },
  };
}

/** The 429 reply: `Retry-After` in whole seconds, and the same figure in the body's details. */
export function rateLimited(retryAfterSeconds: number, limiter: TokenBucketLimiter): HttpError {
  return new HttpError(429, "RATE_LIMITED", `Too many requests; retry after ${retryAfterSeconds} s`, {
    details: {
      retryAfterSeconds,
      requestsPerSecond: limiter.ratePerSecond,
      burst: limiter.burst,
    },
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}

/**
 * Limits each API token to the limiter's rate. Must run after bearer auth: the bucket is the token's.
 *
 * @example api.use("*", rateLimit(createTokenBucketLimiter({ ratePerSecond: 50, now: Date.now })));
 */
export function rateLimit(limiter: TokenBucketLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const result = limiter.take(c.get("principal").tokenId);
    if (!result.allowed) throw rateLimited(result.retryAfterSeconds, limiter);
    await next();
  };
}
