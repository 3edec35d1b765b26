// The SDK's portability suite: the built SDK (dist/) under Node, Bun and Deno, each with its own test
// runner (`node --test`, `bun test`, `deno test`) through the node:test API they all implement.
// Run it with `node scripts/sdk-runtimes.ts`. Plain JavaScript so every runtime loads it as is.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { describe, test } from "node:test";
import {
  ConflictError,
  createVokeClient,
  NotFoundError,
  RateLimitError,
  VokeApiError,
  VokeConnectionError,
  VokeTimeoutError,
} from "../../dist/index.js";

const BASE = "http://voke.test";
const TOKEN = "voke_portable_suite_token";
const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";

function plant(index) {
  return { id: `${PLANT_ID.slice(0, -4)}${String(index).padStart(4, "0")}`, name: `Plant ${index}` };
}

function errorBody(status, code, message) {
  return { statusCode: status, error: "Error", code, message, details: null };
}

/** A fetch that answers from `respond` and records every request it saw. */
function stubFetch(respond) {
  const seen = [];
  const fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.method === "GET" ? "" : await request.text();
    seen.push({ method: request.method, url: new URL(request.url), headers: request.headers, body });
    return respond(seen.at(-1), seen.length);
  };
  return { fetch, seen };
}

function client(fetch, extra = {}) {
  const sleeps = [];
  const voke = createVokeClient({
    baseUrl: BASE,
    token: TOKEN,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { voke, sleeps };
}

describe("client", () => {
  test("list sends the token, the query and a User-Agent naming this runtime", async () => {
    const { fetch, seen } = stubFetch(() =>
      Response.json({ data: [plant(1)], meta: { page: 2, limit: 5, total: 6, totalPages: 2 } }),
    );
    const page = await client(fetch).voke.plants.list({ page: 2, limit: 5, authMethod: "MTLS" });
    assert.equal(page.data[0].name, "Plant 1");
    assert.equal(page.meta.total, 6);
    const [request] = seen;
    assert.equal(request.url.pathname, "/api/v1/plants");
    assert.deepEqual(Object.fromEntries(request.url.searchParams), {
      page: "2",
      limit: "5",
      authMethod: "MTLS",
    });
    assert.equal(request.headers.get("authorization"), `Bearer ${TOKEN}`);
    const runtime = globalThis.Bun ? "bun/" : globalThis.Deno ? "deno/" : "node/";
    assert.match(request.headers.get("user-agent"), new RegExp(`^voke-sdk/\\S+ \\(${runtime}`));
  });

  test("create POSTs the JSON body with an Idempotency-Key", async () => {
    const { fetch, seen } = stubFetch(() => Response.json(plant(7), { status: 201 }));
    const created = await client(fetch).voke.plants.create({
      name: "Roof",
      serialNumber: "SN-7",
      type: "GATEWAY",
    });
    assert.equal(created.name, "Plant 7");
    assert.equal(seen[0].method, "POST");
    assert.deepEqual(JSON.parse(seen[0].body), { name: "Roof", serialNumber: "SN-7", type: "GATEWAY" });
    assert.match(seen[0].headers.get("idempotency-key"), /^[0-9a-f-]{36}$/);
    assert.equal(seen[0].headers.get("content-type"), "application/json");
  });
});

describe("errors", () => {
  test("a 404 is a NotFoundError carrying code, message and request id", async () => {
    const { fetch } = stubFetch(() =>
      Response.json(errorBody(404, "PLANT_NOT_FOUND", "Plant not found"), {
        status: 404,
        headers: { "x-request-id": "req-404" },
      }),
    );
    const error = await client(fetch)
      .voke.plants.get(PLANT_ID)
      .then(
        () => assert.fail("expected a rejection"),
        (e) => e,
      );
    assert.ok(error instanceof NotFoundError);
    assert.ok(error instanceof VokeApiError);
    assert.equal(error.status, 404);
    assert.equal(error.code, "PLANT_NOT_FOUND");
    assert.equal(error.requestId, "req-404");
    assert.match(error.message, /Plant not found/);
  });

  test("a 409 is a ConflictError and is not retried", async () => {
    const { fetch, seen } = stubFetch(() =>
      Response.json(errorBody(409, "PLANT_ALREADY_EXISTS", "Serial number taken"), { status: 409 }),
    );
    await assert.rejects(
      client(fetch).voke.plants.create({ name: "A", serialNumber: "SN-1", type: "SENSOR" }),
      (e) => e instanceof ConflictError && e.code === "PLANT_ALREADY_EXISTS",
    );
    assert.equal(seen.length, 1);
  });

  test("a refused connection is a VokeConnectionError once retries run out", async () => {
    const { fetch, seen } = stubFetch(() => {
      throw new TypeError("fetch failed");
    });
    await assert.rejects(
      client(fetch, { maxRetries: 1 }).voke.plants.list(),
      (e) => e instanceof VokeConnectionError,
    );
    assert.equal(seen.length, 2);
  });
});

describe("retries", () => {
  test("a 503 is retried and the retry's data returned", async () => {
    const { fetch, seen } = stubFetch((_request, attempt) =>
      attempt === 1
        ? Response.json(errorBody(503, "UNAVAILABLE", "busy"), { status: 503 })
        : Response.json({ data: [], meta: { page: 1, limit: 20, total: 0, totalPages: 0 } }),
    );
    const { voke, sleeps } = client(fetch);
    const page = await voke.plants.list();
    assert.equal(page.meta.total, 0);
    assert.equal(seen.length, 2);
    assert.equal(sleeps.length, 1);
  });

  test("a POST is retried with the same Idempotency-Key", async () => {
    const { fetch, seen } = stubFetch((_request, attempt) =>
      attempt < 3
        ? Response.json(errorBody(502, "BAD_GATEWAY", "x"), { status: 502 })
        : Response.json(plant(1), { status: 201 }),
    );
    await client(fetch).voke.plants.create({ name: "A", serialNumber: "SN-1", type: "SENSOR" });
    const keys = seen.map((r) => r.headers.get("idempotency-key"));
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 1);
  });

  test("429 waits what Retry-After says plus jitter, on its own budget, then gives up as a RateLimitError", async () => {
    const { fetch, seen } = stubFetch(() =>
      Response.json(errorBody(429, "RATE_LIMITED", "slow down"), {
        status: 429,
        headers: { "retry-after": "3" },
      }),
    );
    const { voke, sleeps } = client(fetch, {
      maxRetries: 0,
      rateLimitRetries: 2,
      rateLimitJitterMs: 1000,
      random: () => 0.5,
    });
    await assert.rejects(voke.plants.list(), (e) => e instanceof RateLimitError && e.retryAfterMs === 3000);
    // maxRetries 0 does not apply to 429s: they have their own budget (rateLimitRetries).
    assert.equal(seen.length, 3);
    assert.deepEqual(sleeps, [3500, 3500]);
  });

  test("timeoutMs aborts a request that never answers", async () => {
    const fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init.signal.addEventListener("abort", () => reject(init.signal.reason)),
      );
    await assert.rejects(
      createVokeClient({ baseUrl: BASE, token: TOKEN, fetch, timeoutMs: 50, maxRetries: 0 }).plants.list(),
      (e) => e instanceof VokeTimeoutError,
    );
  });
});

describe("pagination", () => {
  test("iterate walks every page in order", async () => {
    const all = Array.from({ length: 5 }, (_, i) => plant(i + 1));
    const { fetch, seen } = stubFetch((request) => {
      const page = Number(request.url.searchParams.get("page") ?? "1");
      const limit = Number(request.url.searchParams.get("limit") ?? "20");
      const data = all.slice((page - 1) * limit, page * limit);
      return Response.json({
        data,
        meta: { page, limit, total: all.length, totalPages: Math.ceil(all.length / limit) },
      });
    });
    const names = [];
    for await (const p of client(fetch).voke.plants.iterate({ limit: 2 })) names.push(p.name);
    assert.deepEqual(names, ["Plant 1", "Plant 2", "Plant 3", "Plant 4", "Plant 5"]);
    assert.deepEqual(
      seen.map((r) => r.url.searchParams.get("page")),
      ["1", "2", "3"],
    );
  });
});

describe("the runtime's own fetch over a real socket", () => {
  test("lists plants from an HTTP server on 127.0.0.1 and reads the request id", async () => {
    const server = createServer((request, response) => {
      const ok =
        request.headers.authorization === `Bearer ${TOKEN}` && request.url === "/api/v1/plants?limit=1";
      // No keep-alive: a runtime's server.close() may otherwise wait on the client's idle connection.
      response.writeHead(ok ? 200 : 400, {
        "content-type": "application/json",
        "x-request-id": "real-1",
        connection: "close",
      });
      response.end(
        JSON.stringify(
          ok
            ? { data: [plant(1)], meta: { page: 1, limit: 1, total: 1, totalPages: 1 } }
            : errorBody(400, "BAD_REQUEST", `unexpected ${request.url}`),
        ),
      );
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const voke = createVokeClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, token: TOKEN });
      const { data: page, response, requestId } = await voke.plants.list({ limit: 1 }).withResponse();
      assert.equal(page.data[0].name, "Plant 1");
      assert.equal(response.status, 200);
      assert.equal(requestId, "real-1");
      const missing = await voke.plants.get("not-a-uuid").catch((e) => e);
      assert.ok(missing instanceof VokeApiError);
      assert.equal(missing.requestId, "real-1");
    } finally {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections?.();
      await closed;
    }
  });
});
