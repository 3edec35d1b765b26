import { createServer } from "node:net";
import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import * as errors from "./errors.ts";
import * as fx from "./test-support/fixtures.ts";
import { recordAll, testClient, useMockApi } from "./test-support/mock-api.ts";

// Captured before msw patches the global fetch, to reach real sockets.
const realFetch = globalThis.fetch;
const server = useMockApi();
const CREATE = { name: "Roof", serialNumber: "SN-1", type: "GATEWAY" } as const;

function errorReply(status: number, code: string, extra: { headers?: Record<string, string> } = {}) {
  return HttpResponse.json(
    {
      statusCode: status,
      error: "Reason",
      code,
      message: `${code} happened`,
      details: { issues: [{ path: "name", message: "bad" }] },
    },
    { status, headers: { "X-Request-Id": `req-${status}`, ...extra.headers } },
  );
}

/** Never answers: the request stays in flight until aborted. */
function hang(): Promise<never> {
  return new Promise(() => {});
}

describe("API errors", () => {
  test.each([
    [400, "VALIDATION_ERROR", errors.BadRequestError],
    [401, "UNAUTHORIZED", errors.AuthenticationError],
    [403, "FORBIDDEN", errors.PermissionDeniedError],
    [404, "PLANT_NOT_FOUND", errors.NotFoundError],
    [409, "PLANT_ALREADY_EXISTS", errors.ConflictError],
    [413, "PAYLOAD_TOO_LARGE", errors.PayloadTooLargeError],
    [429, "RATE_LIMITED", errors.RateLimitError],
    [500, "INTERNAL_SERVER_ERROR", errors.InternalServerError],
    [503, "SERVICE_UNAVAILABLE", errors.InternalServerError],
  ] as const)(
    "%i becomes %s with code, message, details and request id",
    async (status, code, ErrorClass) => {
      recordAll(server, () => errorReply(status, code));
      const { client } = testClient({ maxRetries: 0 });

      const error = await client.plants.get(fx.PLANT_ID).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(errors.VokeApiError);
      expect(error).toMatchObject({
        status,
        code,
        message: `${code} happened`,
        requestId: `req-${status}`,
        details: { issues: [{ path: "name", message: "bad" }] },
      });
    },
  );

  test("a 429 error carries the Retry-After the server asked for", async () => {
    recordAll(server, () => errorReply(429, "RATE_LIMITED", { headers: { "Retry-After": "7" } }));
    const error = await testClient({ maxRetries: 0 })
      .client.plants.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.RateLimitError);
    expect((error as errors.RateLimitError).retryAfterMs).toBe(7000);
  });

  test("an error reply that is not JSON still gives status, a code and the request id", async () => {
    recordAll(
      server,
      () => new HttpResponse("<h1>Bad gateway</h1>", { status: 502, headers: { "X-Request-Id": "r9" } }),
    );
    const error = await testClient({ maxRetries: 0 })
      .client.plants.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.InternalServerError);
    expect(error).toMatchObject({ status: 502, code: "HTTP_502", requestId: "r9", details: null });
  });

  test("a 2xx body that is not JSON is a VokeError, not a crash, and is not retried", async () => {
    const requests = recordAll(
      server,
      () => new HttpResponse("{oops", { headers: { "Content-Type": "application/json" } }),
    );
    const error = await testClient()
      .client.plants.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.VokeError);
    expect((error as Error).message).toMatch(/200 with a body that is not valid JSON/);
    expect(requests).toHaveLength(1);
  });
});

describe("retries", () => {
  test("5xx is retried maxRetries times with exponential backoff and jitter, then thrown", async () => {
    const requests = recordAll(server, () => errorReply(503, "UNAVAILABLE"));
    const { client, delays } = testClient({ maxRetries: 3 });

    await expect(client.plants.list()).rejects.toBeInstanceOf(errors.InternalServerError);

    expect(requests).toHaveLength(4);
    // random() is 0.5: each wait is 3/4 of the step 500, 1000, 2000 ms.
    expect(delays).toEqual([375, 750, 1500]);
  });

  test("the default is 2 retries; backoff steps stop growing at 8 s", async () => {
    const requests = recordAll(server, () => errorReply(500, "INTERNAL_SERVER_ERROR"));
    const { client, delays } = testClient();
    await expect(client.plants.list()).rejects.toBeInstanceOf(errors.InternalServerError);
    expect(requests).toHaveLength(3);
    expect(delays).toHaveLength(2);

    const many = testClient({ maxRetries: 7, random: () => 0.999999 });
    await expect(many.client.plants.list()).rejects.toBeInstanceOf(errors.InternalServerError);
    expect(many.delays.slice(-3)).toEqual([8000, 8000, 8000]);
  });

  test("a request that succeeds on a retry returns its data", async () => {
    let calls = 0;
    recordAll(server, () =>
      ++calls < 3 ? errorReply(408, "TIMEOUT") : HttpResponse.json(fx.page([fx.plant()])),
    );
    const { client, delays } = testClient();
    expect((await client.plants.list()).data).toHaveLength(1);
    expect(delays).toHaveLength(2);
  });

  test("429 waits what Retry-After says, in seconds or as an HTTP date, capped at 60 s", async () => {
    const retryAfter = ["2", new Date(Date.now() + 30_000).toUTCString(), "3600"];
    let calls = 0;
    recordAll(server, () =>
      calls < 3
        ? errorReply(429, "RATE_LIMITED", { headers: { "Retry-After": retryAfter[calls++] ?? "" } })
        : HttpResponse.json(fx.page([])),
    );
    const { client, delays } = testClient({ maxRetries: 3, timeoutMs: 0 });

    await client.plants.list();

    // Plus jitter: random() is 0.5 in tests, the default jitter 1000 ms.
    expect(delays[0]).toBe(2500);
    expect(delays[1]).toBeGreaterThan(27_500);
    expect(delays[1]).toBeLessThanOrEqual(30_500);
    expect(delays[2]).toBe(60_500);
  });

  test("429s draw on their own retry budget, with jitter, both set by options", async () => {
    let calls = 0;
    recordAll(server, () =>
      ++calls <= 5
        ? errorReply(429, "RATE_LIMITED", { headers: { "Retry-After": "1" } })
        : HttpResponse.json(fx.page([])),
    );
    const draws = [0.1, 0.9, 0.3, 0.7, 0.5];
    const { client, delays } = testClient({
      maxRetries: 2,
      rateLimitJitterMs: 400,
      random: () => draws.shift() ?? 0,
    });
    await client.plants.list();
    // Five 429s outlast maxRetries (2) but not the rate-limit budget (default 8); no two waits alike.
    expect(delays).toEqual([1040, 1360, 1120, 1280, 1200]);

    calls = 0;
    const strict = testClient({ rateLimitRetries: 1 });
    await expect(strict.client.plants.list()).rejects.toBeInstanceOf(errors.RateLimitError);
    expect(strict.delays).toHaveLength(1);
  });

  test.each([400, 401, 403, 404, 409, 413, 415])("%i is never retried", async (status) => {
    const requests = recordAll(server, () => errorReply(status, "NOPE"));
    const { client, delays } = testClient({ maxRetries: 5 });
    await expect(client.plants.create(CREATE)).rejects.toBeInstanceOf(errors.VokeApiError);
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  test("a POST is retried with the same Idempotency-Key on every attempt", async () => {
    let calls = 0;
    const requests = recordAll(server, () =>
      ++calls < 3 ? errorReply(500, "INTERNAL_SERVER_ERROR") : HttpResponse.json(fx.plant(), { status: 201 }),
    );

    await testClient().client.plants.create(CREATE);

    const keys = requests.map((r) => r.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(requests.map((r) => r.body)).toEqual([CREATE, CREATE, CREATE]);
  });

  test("a caller's idempotencyKey is kept across retries", async () => {
    let calls = 0;
    const requests = recordAll(server, () =>
      ++calls < 2 ? HttpResponse.error() : HttpResponse.json(fx.command(), { status: 201 }),
    );
    await testClient().client.commands.send(
      fx.PLANT_ID,
      { command: "reboot" },
      { idempotencyKey: "bulk-row-3" },
    );
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual(["bulk-row-3", "bulk-row-3"]);
  });

  test("a connection failure is retried, then thrown as VokeConnectionError", async () => {
    const requests = recordAll(server, () => HttpResponse.error());
    const { client, delays } = testClient({ maxRetries: 2 });

    const error = await client.plants.get(fx.PLANT_ID).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(errors.VokeConnectionError);
    expect((error as Error).message).toMatch(/^Cannot reach http:\/\/voke\.test/);
    expect(requests).toHaveLength(3);
    expect(delays).toEqual([375, 750]);
  });

  test("a refused connection on a real socket is a VokeConnectionError naming the cause", async () => {
    const port = await closedPort();
    const { client } = testClient({ baseUrl: `http://127.0.0.1:${port}`, fetch: realFetch, maxRetries: 0 });
    const error = await client.templates.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.VokeConnectionError);
    expect((error as Error).message).toMatch(
      new RegExp(`Cannot reach http://127.0.0.1:${port}: .*ECONNREFUSED`),
    );
  });

  test("a body that cannot be serialised is thrown as is, before anything is sent", async () => {
    const requests = recordAll(server, () => HttpResponse.json({}));
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const body = { name: "x", serialNumber: "y", type: "SENSOR", metadata: circular } as const;
    await expect(testClient().client.plants.create(body)).rejects.toThrow(/circular/i);
    expect(requests).toHaveLength(0);
  });
});

describe("timeouts and aborts", () => {
  test("a request that takes longer than timeoutMs fails with VokeTimeoutError", async () => {
    recordAll(server, hang);
    const error = await testClient({ timeoutMs: 50 })
      .client.plants.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.VokeTimeoutError);
    expect((error as Error).message).toMatch(/within 50 ms/);
  });

  test("the timeout covers every attempt: a retry that would outlast it is not started", async () => {
    const requests = recordAll(server, () =>
      errorReply(503, "UNAVAILABLE", { headers: { "Retry-After": "30" } }),
    );
    const { client, delays } = testClient({ timeoutMs: 5_000, maxRetries: 5 });
    await expect(client.plants.list()).rejects.toBeInstanceOf(errors.InternalServerError);
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  test("the timeout runs on through backoff waits", async () => {
    const requests = recordAll(server, () =>
      errorReply(503, "UNAVAILABLE", { headers: { "Retry-After": "0" } }),
    );
    // Each wait really takes 40 ms; with a 100 ms budget the deadline, not the retry count, ends the call.
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 40);
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    const { client } = testClient({ timeoutMs: 100, maxRetries: 50, sleep });

    await expect(client.plants.list()).rejects.toBeInstanceOf(errors.VokeTimeoutError);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.length).toBeLessThan(10);
  });

  test("an error that arrives after the deadline is a timeout, even when the timer has not run yet", async () => {
    // The handler holds the event loop past the 50 ms budget, so the reply is read before the timer fires.
    const requests = recordAll(server, () => {
      const until = Date.now() + 80;
      while (Date.now() < until) {
        // a busy event loop
      }
      return errorReply(503, "UNAVAILABLE", { headers: { "Retry-After": "0" } });
    });
    const { client } = testClient({ timeoutMs: 50, maxRetries: 5 });

    await expect(client.plants.list()).rejects.toBeInstanceOf(errors.VokeTimeoutError);
    expect(requests.length).toBe(1);
  });

  test("aborting rejects at once with the signal's reason, not a timeout, and is not retried", async () => {
    const requests = recordAll(server, hang);
    const controller = new AbortController();
    const pending = testClient({ timeoutMs: 60_000 }).client.plants.list({}, { signal: controller.signal });
    await waitFor(() => requests.length === 1);
    controller.abort();

    const error = await pending.catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(error).not.toBeInstanceOf(errors.VokeTimeoutError);
    expect(requests).toHaveLength(1);
  });

  test("an abort during a backoff wait ends the wait at once with the given reason", async () => {
    // The real (default) sleep: without a prompt abort this test would wait out Retry-After (60 s).
    const requests = recordAll(server, () =>
      errorReply(503, "UNAVAILABLE", { headers: { "Retry-After": "60" } }),
    );
    const controller = new AbortController();
    const reason = new Error("user pressed Ctrl-C");
    const { client } = testClient({ sleep: undefined, timeoutMs: 0 });
    const pending = client.plants.get(fx.PLANT_ID, { signal: controller.signal });
    await waitFor(() => requests.length === 1);
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.page([])));
    const signal = AbortSignal.abort();
    await expect(testClient().client.plants.list({}, { signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(requests).toHaveLength(0);
  });

  test("per-request timeoutMs and maxRetries override the client's", async () => {
    const requests = recordAll(server, () => errorReply(500, "INTERNAL_SERVER_ERROR"));
    const { client } = testClient({ maxRetries: 0 });
    await expect(client.plants.list({}, { maxRetries: 4 })).rejects.toBeInstanceOf(
      errors.InternalServerError,
    );
    expect(requests).toHaveLength(5);
    await expect(client.plants.list({}, { maxRetries: -1 })).rejects.toThrow(
      /maxRetries must be a whole number/,
    );
    await expect(client.plants.list({}, { timeoutMs: Number.NaN })).rejects.toThrow(/timeoutMs must be/);
  });
});

/** Polls until `ready()` holds (a few ms at most here). */
async function waitFor(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
