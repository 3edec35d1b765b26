import { describe, expect, test } from "vitest";
import {
  abortableSleep,
  defaultRetryPolicy,
  isRetryableRequest,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "./retry.ts";

describe("retry policy", () => {
  test("408, 429 and 5xx are retryable; other statuses are not", () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 409, 413, 415, 422].some(isRetryableStatus)).toBe(false);
  });

  test("a POST may be repeated only with an Idempotency-Key; other methods always", () => {
    expect(isRetryableRequest("POST", false)).toBe(false);
    expect(isRetryableRequest("POST", true)).toBe(true);
    for (const method of ["GET", "PATCH", "DELETE"]) expect(isRetryableRequest(method, false)).toBe(true);
  });

  test("Retry-After is read as seconds or as an HTTP date; nonsense is ignored", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 1.5 ", now)).toBe(1500);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test("backoff doubles from 0.5 s up to 8 s with jitter between half and all of the step", () => {
    const low = defaultRetryPolicy({ random: () => 0 });
    const high = defaultRetryPolicy({ random: () => 0.999_999 });
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, low))).toEqual([
      250, 500, 1000, 2000, 4000, 4000,
    ]);
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, high))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
  });

  test("Retry-After replaces the backoff, capped at maxRetryAfterMs", () => {
    const policy = defaultRetryPolicy();
    expect(retryDelayMs(0, 2000, policy)).toBe(2000);
    expect(retryDelayMs(3, 0, policy)).toBe(0);
    expect(retryDelayMs(0, 3_600_000, policy)).toBe(60_000);
  });

  test("abortableSleep waits, and ends at once with the signal's reason", async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = abortableSleep(60_000, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(abortableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
