import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { findOpenApiSpecPath } from "./openapi/spec.ts";
import { ROLES, type Role, roleIncludes } from "./services/access.ts";
import { createTestHarness, type TestHarness } from "./test-support/harness.ts";

let h: TestHarness;
afterEach(() => h.close());

const PLANT = { name: "Roof", serialNumber: "SN-APP-1", type: "GATEWAY" };

describe("X-Request-Id", () => {
  it("echoes the client's id and makes one up otherwise, on successes and errors alike", async () => {
    h = await createTestHarness();
    const echoed = await h.request("GET", "/api/v1/plants", { headers: { "x-request-id": "ci-run-42" } });
    expect(echoed.headers.get("x-request-id")).toBe("ci-run-42");
    const made = await h.request("GET", "/api/v1/plants");
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const unauthorized = await h.request("GET", "/api/v1/plants", {
      as: "anonymous",
      headers: { "x-request-id": "r-401" },
    });
    expect(unauthorized.headers.get("x-request-id")).toBe("r-401");
    const unknown = await h.request("GET", "/api/v1/nothing-here", {
      validate: false,
      headers: { "x-request-id": "r-404" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-request-id")).toBe("r-404");
    expect(h.logs.some((line) => line.includes('"requestId":"ci-run-42"'))).toBe(true);
  });

  it("replaces an id that could not be echoed safely", async () => {
    h = await createTestHarness();
    const res = await h.request("GET", "/api/v1/plants", { headers: { "x-request-id": "x".repeat(201) } });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("authentication", () => {
  it.each([
    ["no header", undefined],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["an empty bearer", "Bearer "],
    ["an unknown token", "Bearer voke_not_a_real_token"],
  ])("%s is 401 UNAUTHORIZED", async (_label, authorization) => {
    h = await createTestHarness();
    const res = await h.request("GET", "/api/v1/plants", {
      as: "anonymous",
      headers: authorization ? { authorization } : {},
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      error: "Unauthorized",
      code: "UNAUTHORIZED",
      details: null,
    });
  });

  it("refuses a revoked token", async () => {
    h = await createTestHarness();
    const record = h.store.apiTokens.list(h.organizationId).find((t) => t.role === "viewer");
    h.store.apiTokens.revoke(record?.id ?? "", h.clock.now().toISOString());
    expect((await h.request("GET", "/api/v1/plants", { as: "viewer" })).status).toBe(401);
  });

  it("records when a token was last used", async () => {
    h = await createTestHarness();
    await h.request("GET", "/api/v1/plants", { as: "viewer" });
    const record = h.store.apiTokens.list(h.organizationId).find((t) => t.role === "viewer");
    expect(record?.lastUsedAt).toBe("2025-06-15T12:00:00.000Z");
  });
});

describe("roles", () => {
  // Every plant operation's minimum role comes from its x-voke-role in openapi.yaml. Other resources join
  // this list when their routes are mounted.
  it("every plant operation is 403 below its x-voke-role and allowed at it", async () => {
    h = await createTestHarness();
    const checked: string[] = [];
    for (const [template, item] of Object.entries(h.spec.document.paths)) {
      if (!template.startsWith("/api/v1/plants") || template.includes("/commands")) continue;
      for (const method of ["get", "post", "patch", "delete"]) {
        const minimum = (item[method] as { "x-voke-role"?: Role } | undefined)?.["x-voke-role"];
        if (!item[method]) continue;
        expect(minimum, `${method} ${template} declares x-voke-role`).toBeDefined();
        for (const role of ROLES) {
          // A fresh provisioned TOKEN plant per call (suspended for reactivate), so the lifecycle allows it.
          const plant = await h.createPlant({ authMethod: "TOKEN" });
          await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
          if (template.endsWith("/reactivate")) await h.request("POST", `/api/v1/plants/${plant.id}/suspend`);
          const json =
            method === "patch"
              ? { name: "renamed" }
              : template === "/api/v1/plants" && method === "post"
                ? PLANT
                : undefined;
          const res = await h.request(method.toUpperCase(), template.replace("{id}", plant.id), {
            as: role,
            json:
              json === undefined
                ? undefined
                : { ...json, ...(method === "post" ? { serialNumber: `R-${role}` } : {}) },
          });
          if (!roleIncludes(role, minimum as Role)) {
            expect(res.status, `${role} ${method} ${template}`).toBe(403);
            expect(res.body.code).toBe("FORBIDDEN");
          } else {
            expect(res.status, `${role} ${method} ${template}: ${res.text}`).toBeLessThan(300);
          }
        }
        checked.push(`${method} ${template}`);
      }
    }
    expect(checked).toHaveLength(15);
  });
});

describe("Idempotency-Key on create", () => {
  it("replays the first response instead of creating twice", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "bulk-row-1" };
    const first = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    const second = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(h.store.plants.list({ offset: 0, limit: 10 }).total).toBe(1);
  });

  it("is 409 IDEMPOTENCY_KEY_REUSED for the same key with a different body", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "bulk-row-2" };
    await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    const res = await h.request("POST", "/api/v1/plants", { json: { ...PLANT, name: "Other" }, headers });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("keeps keys per token", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "shared-key" };
    await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    const other = await h.request("POST", "/api/v1/plants", {
      as: "otherAdmin",
      json: { ...PLANT, serialNumber: "SN-APP-2" },
      headers,
    });
    expect(other.status).toBe(201);
  });

  it("forgets a key after 24 hours", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "day-old" };
    await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    h.clock.advance(24 * 3_600_000 + 1);
    const res = await h.request("POST", "/api/v1/plants", { json: PLANT, headers });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("PLANT_ALREADY_EXISTS");
  });

  it("answers concurrent retries with one result", async () => {
    h = await createTestHarness();
    const headers = { "idempotency-key": "racing" };
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => h.request("POST", "/api/v1/plants", { json: PLANT, headers })),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(h.store.plants.list({ offset: 0, limit: 10 }).total).toBe(1);
  });

  it("does not keep a 500, so a retry runs again", async () => {
    h = await createTestHarness();
    const insert = h.store.plants.insert;
    h.store.plants.insert = () => {
      throw new Error("disk I/O error");
    };
    const headers = { "idempotency-key": "after-crash" };
    expect((await h.request("POST", "/api/v1/plants", { json: PLANT, headers })).status).toBe(500);
    h.store.plants.insert = insert;
    expect((await h.request("POST", "/api/v1/plants", { json: PLANT, headers })).status).toBe(201);
  });

  it("rejects a key longer than 255 characters", async () => {
    h = await createTestHarness();
    const res = await h.request("POST", "/api/v1/plants", {
      json: PLANT,
      headers: { "idempotency-key": "k".repeat(256) },
    });
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([
      { path: "Idempotency-Key", message: "must be 1 to 255 characters" },
    ]);
  });
});

describe("errors", () => {
  it("a 500 carries no stack trace or SQL, and is logged with its request id", async () => {
    h = await createTestHarness();
    h.store.plants.list = () => {
      throw new Error("SQLITE_ERROR: no such column: SELECT secret FROM plants");
    };
    const res = await h.request("GET", "/api/v1/plants", { headers: { "x-request-id": "boom-1" } });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: "Internal Server Error",
      code: "INTERNAL_SERVER_ERROR",
      message: "Internal server error",
      details: null,
    });
    expect(res.text).not.toMatch(/SQLITE|SELECT|at /);
    const logged = h.logs.map((line) => JSON.parse(line)).find((line) => line.msg === "request failed");
    expect(logged).toMatchObject({
      level: "error",
      requestId: "boom-1",
      error: { message: expect.stringContaining("SQLITE") },
    });
  });

  it("an unknown route is a JSON 404", async () => {
    h = await createTestHarness();
    const res = await h.request("GET", "/api/v1/widgets", { validate: false });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: "NOT_FOUND" });
  });
});

describe("system routes", () => {
  it("GET /healthz answers without a token", async () => {
    h = await createTestHarness();
    const res = await h.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /openapi.yaml serves the contract as written", async () => {
    h = await createTestHarness();
    const res = await h.app.request("/openapi.yaml");
    expect(res.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(await res.text()).toBe(readFileSync(findOpenApiSpecPath(), "utf8"));
  });

  it("GET /docs is the built Redoc page, self-contained, with every operation, allowed only its own scripts", async () => {
    h = await createTestHarness();
    const res = await h.app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Redocly");
    for (const item of Object.values(h.spec.document.paths)) {
      for (const operation of Object.values(item) as { operationId?: string }[]) {
        if (operation?.operationId) expect(html).toContain(`"operationId":"${operation.operationId}"`);
      }
    }
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="?https?:/i);
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toMatch(/connect-src 'self'/);
  });
});
