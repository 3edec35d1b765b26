/** When and how long to wait before trying a request again: retryable statuses, backoff, Retry-After. */

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). */
  maxRetries: number;
  /** First backoff step; each retry doubles it. */
  baseDelayMs: number;
  /** Longest backoff step. */
  maxDelayMs: number;
  /** Longest wait a `Retry-After` header may ask for; longer requests are cut to this. */
  maxRetryAfterMs: number;
  /**
   * Retries after a 429, counted apart from `maxRetries`: a rate limit says "later", not "broken", so
   * a client sharing a limit with others gets a bigger budget to wait it out.
   */
  maxRateLimitRetries: number;
  /**
   * Up to this much random time is added to a `Retry-After` wait, so clients told the same second do
   * not all come back in the same instant and collide again.
   */
  rateLimitJitterMs: number;
  sleep: Sleep;
  /** A number in [0, 1), for jitter. */
  random: () => number;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RATE_LIMIT_RETRIES = 8;
export const DEFAULT_RATE_LIMIT_JITTER_MS = 1_000;

/** Sleeps with a timer that an AbortSignal cancels at once. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxRetries: DEFAULT_MAX_RETRIES,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
    maxRateLimitRetries: DEFAULT_MAX_RATE_LIMIT_RETRIES,
    rateLimitJitterMs: DEFAULT_RATE_LIMIT_JITTER_MS,
    sleep: abortableSleep,
    random: Math.random,
    ...overrides,
  };
}

/** 408, 429 and every 5xx are worth another try; other statuses would fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * GET, PATCH, DELETE and the like may be repeated; a POST only when it carries an Idempotency-Key,
 * so that the server answers a repeat with the first result instead of acting twice.
 */
export function isRetryableRequest(method: string, hasIdempotencyKey: boolean): boolean {
  return method !== "POST" || hasIdempotencyKey;
}

/** Reads `Retry-After` (delay in seconds or an HTTP date) as milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its weekday and month; Date.parse alone would take "-5" as a year.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (0 for the first retry): the server's `Retry-After` when it
 * sent one (capped) plus up to `jitterMs` (a 429's `rateLimitJitterMs`), otherwise exponential
 * backoff with "equal jitter" (between half and all of the step), which spreads out clients that
 * failed together.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  jitterMs = 0,
): number {
  if (retryAfterMs !== undefined) {
    return Math.round(Math.min(retryAfterMs, policy.maxRetryAfterMs) + policy.random() * jitterMs);
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (policy.random() * step) / 2);
}
