import { afterEach, describe, expect, it } from "vitest";
import { databaseBytes } from "../test-support/database-bytes.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

const MISSING_ID = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
let h: TestHarness;
afterEach(() => h?.close());

describe("API tokens as a resource", () => {
  it("are created with a role and expiry, the secret shown once and working at once", async () => {
    h = await createTestHarness();
    const created = await h.request("POST", "/api/v1/tokens", {
      json: { name: "ci", role: "provisioner", expiresAt: "2025-09-01T00:00:00Z" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect(created.body).toMatchObject({
      name: "ci",
      role: "provisioner",
      organizationId: h.organizationId,
      expiresAt: "2025-09-01T00:00:00.000Z",
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.body.token).toMatch(/^voke_[A-Za-z0-9_-]{43}$/);
    const used = await h.request("GET", "/api/v1/plants", { token: created.body.token });
    expect(used.status).toBe(200);

    const list = await h.request("GET", "/api/v1/tokens");
    expect(list.status).toBe(200);
    const listed = list.body.data.find((t: { id: string }) => t.id === created.body.id);
    expect(listed).toEqual({
      id: created.body.id,
      organizationId: h.organizationId,
      name: "ci",
      role: "provisioner",
      createdAt: created.body.createdAt,
      lastUsedAt: "2025-06-15T12:00:00.000Z",
      expiresAt: "2025-09-01T00:00:00.000Z",
      revokedAt: null,
    });
    // The secret never comes back: not in the list, not in the logs, not in the database.
    expect(list.text).not.toContain(created.body.token);
    expect(h.logs.join("\n")).not.toContain(created.body.token);
    const database = databaseBytes(h.store.db.sqlite);
    expect(database).not.toContain(created.body.token);
    expect(list.body.meta).toEqual({ page: 1, limit: 20, total: 6, totalPages: 1 });
  });

  it("refuse a revoked token with TOKEN_REVOKED and an expired one with TOKEN_EXPIRED", async () => {
    h = await createTestHarness();
    const make = async (body: object) => (await h.request("POST", "/api/v1/tokens", { json: body })).body;
    const revoked = await make({ name: "leaked", role: "viewer" });
    const expiring = await make({ name: "short", role: "viewer", expiresAt: "2025-06-15T13:00:00Z" });

    const revoke = await h.request("DELETE", `/api/v1/tokens/${revoked.id}`);
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).toBe("2025-06-15T12:00:00.000Z");
    expect(revoke.text).not.toContain(revoked.token);
    const again = await h.request("DELETE", `/api/v1/tokens/${revoked.id}`);
    expect(again.body.revokedAt).toBe("2025-06-15T12:00:00.000Z");

    const afterRevoke = await h.request("GET", "/api/v1/plants", { token: revoked.token });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.code).toBe("TOKEN_REVOKED");

    expect((await h.request("GET", "/api/v1/plants", { token: expiring.token })).status).toBe(200);
    h.clock.advance(60 * 60 * 1000);
    const expired = await h.request("GET", "/api/v1/plants", { token: expiring.token });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe("TOKEN_EXPIRED");

    const unknown = await h.request("GET", "/api/v1/plants", { token: "voke_never_issued_0123456789" });
    expect(unknown.body.code).toBe("UNAUTHORIZED");
  });

  it("are managed by admins only, within their organization", async () => {
    h = await createTestHarness();
    for (const as of ["viewer", "operator", "provisioner"] as const) {
      expect((await h.request("GET", "/api/v1/tokens", { as })).status).toBe(403);
      const create = await h.request("POST", "/api/v1/tokens", { as, json: { name: "x", role: "viewer" } });
      expect(create.status).toBe(403);
    }
    const escalate = await h.request("POST", "/api/v1/tokens", { json: { name: "x", role: "superadmin" } });
    expect(escalate.status).toBe(403);
    const bySuper = await h.request("POST", "/api/v1/tokens", {
      as: "superadmin",
      json: { name: "x", role: "superadmin" },
    });
    expect(bySuper.status).toBe(201);

    const theirs = (await h.request("GET", "/api/v1/tokens", { as: "otherAdmin" })).body.data[0].id;
    const crossTenant = await h.request("DELETE", `/api/v1/tokens/${theirs}`);
    expect(crossTenant.status).toBe(404);
    expect(crossTenant.body.code).toBe("TOKEN_NOT_FOUND");
    expect((await h.request("DELETE", `/api/v1/tokens/${MISSING_ID}`)).status).toBe(404);
    const badId = await h.request("DELETE", "/api/v1/tokens/not-a-uuid");
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe("INVALID_UUID");
    const ownList = await h.request("GET", "/api/v1/tokens");
    expect(ownList.text).not.toContain(theirs);
  });

  it("refuse bad input naming the field", async () => {
    h = await createTestHarness();
    const past = await h.request("POST", "/api/v1/tokens", {
      json: { name: "x", role: "viewer", expiresAt: "2025-06-15T11:59:59Z" },
    });
    expect(past.status).toBe(400);
    expect(past.body.details.issues).toEqual([
      { path: "expiresAt", message: "must be a time in the future" },
    ]);
    const bad = await h.request("POST", "/api/v1/tokens", {
      json: { name: "", role: "root", expiresAt: "soon", secret: "mine" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "expiresAt",
      "name",
      "role",
      "secret",
    ]);
  });
});

describe("the provisioner role (CI)", () => {
  it("creates, provisions and downloads plants and reads, but deletes, revokes and manages nothing", async () => {
    h = await createTestHarness();
    const as = "provisioner" as const;
    const plant = await h.createPlant({}, as);
    expect((await h.request("POST", `/api/v1/plants/${plant.id}/provision`, { as })).status).toBe(200);
    expect((await h.request("GET", `/api/v1/plants/${plant.id}/provision/download`, { as })).status).toBe(
      200,
    );
    expect((await h.request("GET", "/api/v1/plants", { as })).status).toBe(200);
    expect((await h.request("GET", `/api/v1/plants/${plant.id}`, { as })).status).toBe(200);
    const refused = [
      ["DELETE", `/api/v1/plants/${plant.id}`],
      ["POST", `/api/v1/plants/${plant.id}/revoke`],
      ["POST", `/api/v1/plants/${plant.id}/rotate-secret`],
      ["POST", `/api/v1/plants/${plant.id}/suspend`],
      ["GET", "/api/v1/tokens"],
    ] as const;
    for (const [method, path] of refused) {
      const res = await h.request(method, path, { as });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await h.request("PATCH", `/api/v1/plants/${plant.id}`, { as, json: { name: "x" } })).status).toBe(
      403,
    );
  });
});

describe("logs", () => {
  it("name the token that made a request by its public id, never the secret", async () => {
    h = await createTestHarness();
    await h.request("GET", "/api/v1/plants", { as: "viewer" });
    const record = h.store.apiTokens
      .list()
      .find((t) => t.role === "viewer" && t.organizationId === h.organizationId);
    const line = h.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "request" && l.path === "/api/v1/plants");
    expect(line.tokenId).toBe(record?.id);
    expect(h.logs.join("\n")).not.toContain(h.tokens.viewer);

    const created = await h.request("POST", "/api/v1/tokens", { json: { name: "ci", role: "viewer" } });
    await h.request("DELETE", `/api/v1/tokens/${created.body.id}`);
    const lines = h.logs.map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === "API token created")?.createdTokenId).toBe(created.body.id);
    expect(lines.find((l) => l.msg === "API token revoked")?.revokedTokenId).toBe(created.body.id);
    expect(h.logs.join("\n")).not.toContain(created.body.token);
  });
});

describe("failed authentication", () => {
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

  it("is throttled per source address with 429 and Retry-After, valid tokens and other addresses unaffected", async () => {
    h = await createTestHarness({ authFailuresPerMinute: 10 });
    const send = (address: string, token: string) =>
      h.app.request(
        "http://voke.test/api/v1/plants",
        { headers: { authorization: `Bearer ${token}` } },
        from(address),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++)
      statuses.push((await send("203.0.113.7", `voke_wrong_${i}_0123456789`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);

    // A valid token from the throttled address is still served (a shared NAT's good jobs go on).
    expect((await send("203.0.113.7", h.tokens.admin)).status).toBe(200);
    const throttled = await send("203.0.113.7", "voke_wrong_again_0123456789");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("6");
    const text = await throttled.text();
    expect(JSON.parse(text)).toMatchObject({ statusCode: 429, code: "RATE_LIMITED" });
    const contract = h.validator.check({
      method: "GET",
      path: "/api/v1/plants",
      status: 429,
      headers: throttled.headers,
      body: text,
    });
    expect(contract.problems).toEqual([]);

    expect((await send("198.51.100.1", h.tokens.admin)).status).toBe(200);
    h.clock.advance(6000);
    expect((await send("203.0.113.7", "voke_wrong_later_0123456789")).status).toBe(401);
    const failures = h.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === "authentication failed");
    expect(failures[0]).toMatchObject({ reason: "unknown", address: "203.0.113.7" });
    expect(h.logs.join("\n")).not.toContain("voke_wrong_0_");
  });
});
