import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

const MISSING_ID = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const RULE = { name: "Low battery", metric: "soc", condition: "LT", threshold: 20 };
let h: TestHarness;
const seen: { operation: string | undefined; status: number }[] = [];

async function harness(options?: Parameters<typeof createTestHarness>[0]): Promise<TestHarness> {
  h = await createTestHarness(options);
  return h;
}
afterEach(() => {
  seen.push(...h.seen);
  h.close();
});

async function createRule(
  fields: Record<string, unknown> = {},
  as: "admin" | "otherAdmin" | "superadmin" = "admin",
) {
  const res = await h.request("POST", "/api/v1/alert-rules", { as, json: { ...RULE, ...fields } });
  if (res.status !== 201) throw new Error(`createRule failed: ${res.status} ${res.text}`);
  return res.body;
}

describe("POST /api/v1/alert-rules", () => {
  it("creates an organization-wide rule with the documented defaults", async () => {
    await harness();
    const res = await h.request("POST", "/api/v1/alert-rules", { json: RULE });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organizationId: h.organizationId,
      plantId: null,
      name: "Low battery",
      metric: "soc",
      condition: "LT",
      threshold: 20,
      severity: "WARNING",
      cooldownMinutes: 15,
      enabled: true,
      lastTriggeredAt: null,
      createdAt: "2025-06-15T12:00:00.000Z",
      updatedAt: "2025-06-15T12:00:00.000Z",
    });
    expect(h.store.alertRules.findById(res.body.id)?.organizationId).toBe(h.organizationId);
  });

  it("creates a rule for one of the caller's plants with every field given", async () => {
    await harness();
    const plant = await h.createPlant();
    const res = await h.request("POST", "/api/v1/alert-rules", {
      json: {
        ...RULE,
        condition: "GT",
        threshold: 55.5,
        severity: "CRITICAL",
        cooldownMinutes: 1440,
        enabled: false,
        plantId: plant.id.toUpperCase(),
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      plantId: plant.id,
      condition: "GT",
      threshold: 55.5,
      severity: "CRITICAL",
      cooldownMinutes: 1440,
      enabled: false,
    });
  });

  it("accepts plantId null as every plant of the organization", async () => {
    await harness();
    const res = await h.request("POST", "/api/v1/alert-rules", { json: { ...RULE, plantId: null } });
    expect(res.status).toBe(201);
    expect(res.body.plantId).toBeNull();
  });

  it.each([
    ["a plant of another organization", "other"],
    ["a plant that does not exist", "missing"],
  ])("refuses %s as plantId with the same 400 VALIDATION_ERROR (plant tenancy)", async (_label, which) => {
    await harness();
    const plantId = which === "other" ? (await h.createPlant({}, "otherAdmin")).id : MISSING_ID;
    const res = await h.request("POST", "/api/v1/alert-rules", { json: { ...RULE, plantId } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.message).toMatch(/tenancy/i);
    expect(res.body.details.issues).toEqual([
      { path: "plantId", message: "must be a plant of the rule's organization" },
    ]);
    expect(h.store.alertRules.list({ offset: 0, limit: 10 }).total).toBe(0);
  });

  it("lets a superadmin create a rule for another organization's plant, owned by that organization", async () => {
    await harness();
    const plant = await h.createPlant({}, "otherAdmin");
    const res = await h.request("POST", "/api/v1/alert-rules", {
      as: "superadmin",
      json: { ...RULE, plantId: plant.id },
    });
    expect(res.status).toBe(201);
    expect(res.body.organizationId).toBe(h.otherOrganizationId);
    // …so the other organization's admin sees and manages it.
    expect((await h.request("GET", `/api/v1/alert-rules/${res.body.id}`, { as: "otherAdmin" })).status).toBe(
      200,
    );
  });

  it.each([
    [{ metric: "soc", condition: "LT", threshold: 1 }, "name", "is required"],
    [{ ...RULE, name: "" }, "name", "must not be empty"],
    [{ ...RULE, name: "x".repeat(201) }, "name", "must be at most 200 characters"],
    [{ ...RULE, metric: "m".repeat(101) }, "metric", "must be at most 100 characters"],
    [{ ...RULE, condition: "GE" }, "condition", "must be one of LT, GT, EQ"],
    [{ ...RULE, threshold: "20" }, "threshold", "must be a number"],
    [{ name: "n", metric: "m", condition: "EQ" }, "threshold", "is required"],
    [{ ...RULE, severity: "LOW" }, "severity", "must be one of INFO, WARNING, CRITICAL, EMERGENCY"],
    [{ ...RULE, cooldownMinutes: 0 }, "cooldownMinutes", "must be at least 1"],
    [{ ...RULE, cooldownMinutes: 1441 }, "cooldownMinutes", "must be at most 1440"],
    [{ ...RULE, cooldownMinutes: 1.5 }, "cooldownMinutes", "must be a whole number"],
    [{ ...RULE, enabled: "yes" }, "enabled", "must be true or false"],
    [{ ...RULE, plantId: "not-a-uuid" }, "plantId", "must be a UUID"],
    [{ ...RULE, organizationId: MISSING_ID }, "organizationId", "unknown field"],
  ])("%j is a 400 VALIDATION_ERROR naming %s", async (json, path, message) => {
    await harness();
    const res = await h.request("POST", "/api/v1/alert-rules", { json });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues).toContainEqual({ path, message });
  });

  it("refuses malformed JSON (400), a non-JSON body (415) and an oversized body (413)", async () => {
    await harness({ maxBodyBytes: 256 });
    const malformed = await h.request("POST", "/api/v1/alert-rules", {
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("VALIDATION_ERROR");
    const text = await h.request("POST", "/api/v1/alert-rules", {
      body: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const big = await h.request("POST", "/api/v1/alert-rules", { json: { ...RULE, name: "x".repeat(300) } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("is 401 without a token and 403 below admin", async () => {
    await harness();
    const anonymous = await h.request("POST", "/api/v1/alert-rules", { as: "anonymous", json: RULE });
    expect(anonymous.status).toBe(401);
    for (const as of ["viewer", "operator"] as const) {
      const res = await h.request("POST", "/api/v1/alert-rules", { as, json: RULE });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("FORBIDDEN");
    }
    expect(h.store.alertRules.list({ offset: 0, limit: 10 }).total).toBe(0);
  });

  it("honours Idempotency-Key: a retry replays, another body with the key is 409", async () => {
    await harness();
    const headers = { "idempotency-key": "rule-1" };
    const first = await h.request("POST", "/api/v1/alert-rules", { json: RULE, headers });
    const again = await h.request("POST", "/api/v1/alert-rules", { json: RULE, headers });
    expect(again.body.id).toBe(first.body.id);
    const other = await h.request("POST", "/api/v1/alert-rules", {
      json: { ...RULE, threshold: 5 },
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(h.store.alertRules.list({ offset: 0, limit: 10 }).total).toBe(1);
  });
});

describe("GET /api/v1/alert-rules", () => {
  it("lists the caller's rules oldest first with pagination meta", async () => {
    await harness();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await createRule({ name: `R${i}` })).id);
      h.clock.advance(1000);
    }
    const first = await h.request("GET", "/api/v1/alert-rules?page=1&limit=2", { as: "viewer" });
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
    expect(first.body.data.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
    const second = await h.request("GET", "/api/v1/alert-rules?page=2&limit=2", { as: "viewer" });
    expect(second.body.data.map((r: { id: string }) => r.id)).toEqual(ids.slice(2));
  });

  it("filters by plantId", async () => {
    await harness();
    const plant = await h.createPlant();
    const other = await h.createPlant();
    const watched = await createRule({ plantId: plant.id });
    await createRule({ plantId: other.id });
    await createRule();
    const res = await h.request("GET", `/api/v1/alert-rules?plantId=${plant.id.toUpperCase()}`, {
      as: "viewer",
    });
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([watched.id]);
    expect(res.body.meta.total).toBe(1);
  });

  it("shows only the caller's organization, and every organization to a superadmin", async () => {
    await harness();
    const mine = await createRule();
    const theirs = await createRule({}, "otherAdmin");
    const asOther = await h.request("GET", "/api/v1/alert-rules", { as: "otherViewer" });
    expect(asOther.body.data.map((r: { id: string }) => r.id)).toEqual([theirs.id]);
    const asSuper = await h.request("GET", "/api/v1/alert-rules", { as: "superadmin" });
    expect(asSuper.body.data.map((r: { id: string }) => r.id).sort()).toEqual([mine.id, theirs.id].sort());
  });

  it.each([
    ["page=0", "page"],
    ["limit=101", "limit"],
    ["plantId=nope", "plantId"],
  ])("?%s is a 400 VALIDATION_ERROR naming %s", async (query, field) => {
    await harness();
    const res = await h.request("GET", `/api/v1/alert-rules?${query}`, { as: "viewer" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  });

  it("is 401 without a token", async () => {
    await harness();
    expect((await h.request("GET", "/api/v1/alert-rules", { as: "anonymous" })).status).toBe(401);
  });
});

describe("GET /api/v1/alert-rules/{id}", () => {
  it("returns the rule to any role of its organization", async () => {
    await harness();
    const rule = await createRule();
    const res = await h.request("GET", `/api/v1/alert-rules/${rule.id}`, { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(rule);
  });

  it("is 404 NOT_FOUND for a missing rule and for another organization's, alike", async () => {
    await harness();
    const theirs = await createRule({}, "otherAdmin");
    const missing = await h.request("GET", `/api/v1/alert-rules/${MISSING_ID}`, { as: "viewer" });
    const foreign = await h.request("GET", `/api/v1/alert-rules/${theirs.id}`, { as: "viewer" });
    for (const res of [missing, foreign]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: "NOT_FOUND", message: "Alert rule not found" });
    }
  });

  it("is 400 INVALID_UUID for a bad id and 401 without a token", async () => {
    await harness();
    const bad = await h.request("GET", "/api/v1/alert-rules/abc", { as: "viewer" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("INVALID_UUID");
    expect((await h.request("GET", `/api/v1/alert-rules/${MISSING_ID}`, { as: "anonymous" })).status).toBe(
      401,
    );
  });
});

describe("PATCH /api/v1/alert-rules/{id}", () => {
  it("changes only the fields given and moves updatedAt", async () => {
    await harness();
    const rule = await createRule();
    h.clock.advance(60_000);
    const res = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, {
      json: { threshold: 10, severity: "EMERGENCY", enabled: false },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...rule,
      threshold: 10,
      severity: "EMERGENCY",
      enabled: false,
      updatedAt: "2025-06-15T12:01:00.000Z",
    });
    expect(h.store.alertRules.findById(rule.id)?.threshold).toBe(10);
  });

  it("moves a rule to one plant and back to every plant with null", async () => {
    await harness();
    const plant = await h.createPlant();
    const rule = await createRule();
    const onPlant = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, {
      json: { plantId: plant.id },
    });
    expect(onPlant.body.plantId).toBe(plant.id);
    const everywhere = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, {
      json: { plantId: null },
    });
    expect(everywhere.status).toBe(200);
    expect(everywhere.body.plantId).toBeNull();
    expect(h.store.alertRules.findById(rule.id)?.plantId).toBeNull();
  });

  it("leaves the rule as it was for an empty body", async () => {
    await harness();
    const rule = await createRule();
    h.clock.advance(60_000);
    const res = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, { json: {} });
    expect(res.body).toEqual(rule);
  });

  it("refuses a plant outside the rule's organization with 400 VALIDATION_ERROR", async () => {
    await harness();
    const rule = await createRule();
    const foreign = await h.createPlant({}, "otherAdmin");
    const res = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, { json: { plantId: foreign.id } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues[0].path).toBe("plantId");
    // Not even a superadmin can point a rule at a plant of another organization than the rule's.
    const asSuper = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, {
      as: "superadmin",
      json: { plantId: foreign.id },
    });
    expect(asSuper.status).toBe(400);
    expect(h.store.alertRules.findById(rule.id)?.plantId).toBeNull();
  });

  it("is 400 for a bad body (VALIDATION_ERROR) and a bad id (INVALID_UUID)", async () => {
    await harness();
    const rule = await createRule();
    const body = await h.request("PATCH", `/api/v1/alert-rules/${rule.id}`, {
      json: { threshold: null, x: 1 },
    });
    expect(body.status).toBe(400);
    expect(body.body.code).toBe("VALIDATION_ERROR");
    expect(body.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["threshold", "x"]);
    const id = await h.request("PATCH", "/api/v1/alert-rules/123", { json: { threshold: 1 } });
    expect(id.status).toBe(400);
    expect(id.body.code).toBe("INVALID_UUID");
  });

  it("is 404 for another organization's rule, 403 below admin, 401 anonymous, 413 and 415", async () => {
    await harness({ maxBodyBytes: 128 });
    const theirs = await createRule({}, "otherAdmin");
    const path = `/api/v1/alert-rules/${theirs.id}`;
    const foreign = await h.request("PATCH", path, { json: { threshold: 1 } });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("NOT_FOUND");
    expect((await h.request("PATCH", path, { as: "operator", json: { threshold: 1 } })).status).toBe(403);
    expect((await h.request("PATCH", path, { as: "anonymous", json: { threshold: 1 } })).status).toBe(401);
    const big = await h.request("PATCH", path, { as: "otherAdmin", json: { name: "n".repeat(200) } });
    expect(big.status).toBe(413);
    const form = await h.request("PATCH", path, {
      as: "otherAdmin",
      body: "threshold=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(h.store.alertRules.findById(theirs.id)?.threshold).toBe(20);
  });
});

describe("DELETE /api/v1/alert-rules/{id}", () => {
  it("deletes the rule with 204 and no body", async () => {
    await harness();
    const rule = await createRule();
    const res = await h.request("DELETE", `/api/v1/alert-rules/${rule.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(h.store.alertRules.findById(rule.id)).toBeUndefined();
    expect((await h.request("DELETE", `/api/v1/alert-rules/${rule.id}`)).status).toBe(404);
  });

  it("is 404 for another organization's rule, 403 below admin, 401 anonymous, 400 for a bad id", async () => {
    await harness();
    const theirs = await createRule({}, "otherAdmin");
    const path = `/api/v1/alert-rules/${theirs.id}`;
    const foreign = await h.request("DELETE", path);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("NOT_FOUND");
    expect((await h.request("DELETE", path, { as: "operator" })).status).toBe(403);
    expect((await h.request("DELETE", path, { as: "anonymous" })).status).toBe(401);
    const bad = await h.request("DELETE", "/api/v1/alert-rules/zzz");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("INVALID_UUID");
    expect(h.store.alertRules.findById(theirs.id)).toBeDefined();
  });

  it("goes with its plant: deleting the plant deletes the plant's rules", async () => {
    await harness();
    const plant = await h.createPlant();
    const rule = await createRule({ plantId: plant.id });
    await h.request("DELETE", `/api/v1/plants/${plant.id}`);
    expect((await h.request("GET", `/api/v1/alert-rules/${rule.id}`)).status).toBe(404);
  });
});

describe("contract coverage", () => {
  it("exercised every declared status of the alert-rule operations (but 429, 500, and 403 where viewer suffices)", () => {
    const missing: string[] = [];
    for (const [template, item] of Object.entries(h.spec.document.paths)) {
      if (!template.startsWith("/api/v1/alert-rules")) continue;
      for (const method of ["get", "post", "patch", "delete"]) {
        const operation = item[method];
        if (!operation) continue;
        const { responses, "x-voke-role": role } = operation as { responses: object; "x-voke-role": string };
        const name = `${method.toUpperCase()} ${template}`;
        for (const status of Object.keys(responses)) {
          if (status === "429" || status === "500" || (status === "403" && role === "viewer")) continue;
          if (!seen.some((s) => s.operation === name && String(s.status) === status))
            missing.push(`${name} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
