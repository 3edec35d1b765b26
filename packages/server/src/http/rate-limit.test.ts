import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";
import { createTokenBucketLimiter } from "./rate-limit.ts";

describe("token bucket limiter", () => {
  it("allows a burst of twice the rate, then refuses with the seconds until the next request", () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ ratePerSecond: 5, now: () => now });
    expect(limiter.burst).toBe(10);
    for (let i = 0; i < 10; i++) expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 200; // one request's worth at 5/s
    expect(limiter.take("a")).toEqual({ allowed: true });
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("refills at the rate up to the burst, never beyond", () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ ratePerSecond: 2, now: () => now });
    for (let i = 0; i < 4; i++) limiter.take("a");
    now += 60_000;
    let allowed = 0;
    while (limiter.take("a").allowed) allowed++;
    expect(allowed).toBe(4);
  });

  it("keeps one bucket per key", () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 1, now: () => 0 });
    limiter.take("a");
    limiter.take("a");
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("rounds Retry-After up to whole seconds for slow rates", () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ ratePerSecond: 0.1, now: () => now });
    expect(limiter.burst).toBe(1);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 7_500;
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 3 });
  });

  it("adds nothing when the clock steps back", () => {
    let now = 10_000;
    const limiter = createTokenBucketLimiter({ ratePerSecond: 1, burst: 1, now: () => now });
    limiter.take("a");
    now = 0;
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("forgets idle buckets past its key limit, and only full ones", () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({
      ratePerSecond: 1,
      burst: 1,
      now: () => now,
      maxTrackedKeys: 2,
    });
    limiter.take("a");
    limiter.take("b");
    now += 500; // a and b half refilled: kept
    limiter.take("c");
    expect(limiter.trackedKeys).toBe(3);
    expect(limiter.take("a").allowed).toBe(false);
    now += 5_000; // a, b and c are full again: forgotten when a new key needs room
    limiter.take("d");
    expect(limiter.trackedKeys).toBe(1);
    expect(limiter.take("d").allowed).toBe(false);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createTokenBucketLimiter({ ratePerSecond: 0, now: () => 0 })).toThrow(RangeError);
    expect(() => createTokenBucketLimiter({ ratePerSecond: Number.NaN, now: () => 0 })).toThrow(RangeError);
    expect(() => createTokenBucketLimiter({ ratePerSecond: 1, burst: 0.5, now: () => 0 })).toThrow(
      RangeError,
    );
  });
});

describe("VOKE_RATE_LIMIT_RPS", () => {
  it("is read from the environment, off (0) by default", () => {
    expect(loadConfig({}).rateLimitRps).toBe(0);
    expect(loadConfig({ VOKE_RATE_LIMIT_RPS: "20" }).rateLimitRps).toBe(20);
  });
});

describe("rate limiting in the API", () => {
  let h: TestHarness;
  afterEach(() => h.close());

  /** The harness's app again, with a rate limit, every response checked against openapi.yaml. */
  async function limitedApp(rateLimitRps: number) {
    h = await createTestHarness();
    const app = createApp({
      services: h.services,
      events: h.events,
      store: h.store,
      clock: h.clock,
      secretBox: h.secretBox,
      logger: createLogger({ level: "silent" }),
      spec: h.spec,
      maxBodyBytes: 1024 * 1024,
      rateLimitRps,
    });
    /** `token` null: no Authorization header. */
    return async (method: string, path: string, token: string | null = h.tokens.viewer) => {
      const response = await app.request(path, {
        method,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      const text = await response.text();
      const { problems } = h.validator.check({
        method,
        path,
        status: response.status,
        headers: response.headers,
        body: text,
      });
      expect(problems, `${method} ${path} → ${response.status}`).toEqual([]);
      return {
        status: response.status,
        headers: response.headers,
        body: text === "" ? undefined : JSON.parse(text),
      };
    };
  }

  it("answers a token's burst, then 429 RATE_LIMITED with Retry-After, and again once time refills it", async () => {
    const request = await limitedApp(2);
    for (let i = 0; i < 4; i++) expect((await request("GET", "/api/v1/plants")).status).toBe(200);
    const limited = await request("GET", "/api/v1/plants");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("x-request-id")).toBeTruthy();
    expect(limited.body).toEqual({
      statusCode: 429,
      error: "Too Many Requests",
      code: "RATE_LIMITED",
      message: "Too many requests; retry after 1 s",
      details: { retryAfterSeconds: 1, requestsPerSecond: 2, burst: 4 },
    });
    // Other tokens have buckets of their own.
    expect((await request("GET", "/api/v1/plants", h.tokens.admin)).status).toBe(200);
    h.clock.advance(500);
    expect((await request("GET", "/api/v1/plants")).status).toBe(200);
    expect((await request("GET", "/api/v1/plants")).status).toBe(429);
    h.clock.advance(2_000);
    for (let i = 0; i < 4; i++) expect((await request("GET", "/api/v1/plants")).status).toBe(200);
    expect((await request("GET", "/api/v1/plants")).status).toBe(429);
  });

  it("checks the token first: an anonymous request is 401, never counted", async () => {
    const request = await limitedApp(1);
    for (let i = 0; i < 5; i++) expect((await request("GET", "/api/v1/plants", null)).status).toBe(401);
    expect((await request("GET", "/api/v1/plants")).status).toBe(200);
  });

  it("answers every operation of openapi.yaml with a 429 the contract declares once the bucket is empty", async () => {
    const request = await limitedApp(1);
    await request("GET", "/api/v1/templates");
    await request("GET", "/api/v1/templates");
    const id = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
    const operations = h.validator.operations();
    expect(operations).toHaveLength(27);
    for (const operation of operations) {
      const [method = "", template = ""] = operation.split(" ");
      const res = await request(method, template.replace(/\{[^}]+\}/g, id));
      expect(res.status, operation).toBe(429);
      expect(res.headers.get("retry-after"), operation).toBe("1");
    }
  });

  it("is held to Retry-After being whole seconds by the contract check (header text read as a number)", async () => {
    h = await createTestHarness();
    const body = JSON.stringify({
      statusCode: 429,
      error: "Too Many Requests",
      code: "RATE_LIMITED",
      message: "m",
      details: null,
    });
    const check = (retryAfter: string) =>
      h.validator.check({
        method: "GET",
        path: "/api/v1/templates",
        status: 429,
        headers: new Headers({ "x-request-id": "r", "retry-after": retryAfter }),
        body,
      }).problems;
    expect(check("3")).toEqual([]);
    expect(check("soon")).toHaveLength(1);
    expect(check("-1")).toHaveLength(1);
    expect(check("1.5")).toHaveLength(1);
  });

  it("does not limit at all with a rate of 0", async () => {
    const request = await limitedApp(0);
    for (let i = 0; i < 50; i++) expect((await request("GET", "/api/v1/templates")).status).toBe(200);
  });
});
