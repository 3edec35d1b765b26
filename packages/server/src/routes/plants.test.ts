import { afterEach, describe, expect, it } from "vitest";
import { SYSTEM_TEMPLATE_IDS } from "../storage/migrations/001-initial-schema.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

const MISSING_ID = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
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

describe("GET /api/v1/plants", () => {
  it("lists the caller's plants oldest first with pagination meta", async () => {
    await harness();
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push(await h.createPlant({ name: `P${i}` }));
      h.clock.advance(1000);
    }
    const first = await h.request("GET", "/api/v1/plants?page=1&limit=2", { as: "viewer" });
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 5, totalPages: 3 });
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual([created[0].id, created[1].id]);
    const last = await h.request("GET", "/api/v1/plants?page=3&limit=2", { as: "viewer" });
    expect(last.body.data.map((p: { id: string }) => p.id)).toEqual([created[4].id]);
    const beyond = await h.request("GET", "/api/v1/plants?page=9&limit=2", { as: "viewer" });
    expect(beyond.body).toEqual({ data: [], meta: { page: 9, limit: 2, total: 5, totalPages: 3 } });
  });

  it("defaults to page 1 and limit 20", async () => {
    await harness();
    await h.createPlant();
    const res = await h.request("GET", "/api/v1/plants", { as: "viewer" });
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 1, totalPages: 1 });
  });

  it("orders plants created in the same instant by id, stably", async () => {
    await harness();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await h.createPlant()).id as string);
    const res = await h.request("GET", "/api/v1/plants", { as: "viewer" });
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([...ids].sort());
  });

  it("filters by authMethod", async () => {
    await harness();
    await h.createPlant({ authMethod: "MTLS" });
    const token = await h.createPlant({ authMethod: "TOKEN" });
    await h.createPlant({ authMethod: "PASSWORD" });
    const res = await h.request("GET", "/api/v1/plants?authMethod=TOKEN", { as: "viewer" });
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([token.id]);
    expect(res.body.meta.total).toBe(1);
  });

  it.each([
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=1.5", "limit"],
    ["authMethod=SSH", "authMethod"],
  ])("?%s is a 400 VALIDATION_ERROR naming %s", async (query, field) => {
    await harness();
    const res = await h.request("GET", `/api/v1/plants?${query}`, { as: "viewer" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  });

  it("shows only the caller's organization, and every organization to a superadmin", async () => {
    await harness();
    const mine = await h.createPlant();
    const theirs = await h.createPlant({}, "otherAdmin");
    const own = await h.request("GET", "/api/v1/plants", { as: "viewer" });
    expect(own.body.data.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    const other = await h.request("GET", "/api/v1/plants", { as: "otherViewer" });
    expect(other.body.data.map((p: { id: string }) => p.id)).toEqual([theirs.id]);
    const all = await h.request("GET", "/api/v1/plants", { as: "superadmin" });
    expect(all.body.data.map((p: { id: string }) => p.id).sort()).toEqual([mine.id, theirs.id].sort());
  });

  it("is 401 without a token", async () => {
    await harness();
    const res = await h.request("GET", "/api/v1/plants", { as: "anonymous" });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("UNAUTHORIZED");
  });
});

describe("POST /api/v1/plants", () => {
  it("creates a PENDING MTLS plant in the caller's organization", async () => {
    await harness();
    const res = await h.request("POST", "/api/v1/plants", {
      json: { name: "Roof A", serialNumber: "SN-ROOF-A", type: "GATEWAY", metadata: { site: "Brno" } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Roof A",
      serialNumber: "SN-ROOF-A",
      type: "GATEWAY",
      authMethod: "MTLS",
      lifecycleStatus: "PENDING",
      status: "OFFLINE",
      organizationId: h.organizationId,
      metadata: { site: "Brno" },
      template: null,
      certificateFingerprint: null,
      authFailureCount: 0,
      createdAt: "2025-06-15T12:00:00.000Z",
    });
    const got = await h.request("GET", `/api/v1/plants/${res.body.id}`, { as: "viewer" });
    expect(got.body.name).toBe("Roof A");
  });

  it("takes the auth method given", async () => {
    await harness();
    expect((await h.createPlant({ authMethod: "PASSWORD" })).authMethod).toBe("PASSWORD");
  });

  it("is 409 PLANT_ALREADY_EXISTS for a serial number used anywhere on the server", async () => {
    await harness();
    await h.createPlant({ serialNumber: "DUP-1" }, "otherAdmin");
    const res = await h.request("POST", "/api/v1/plants", {
      json: { name: "x", serialNumber: "DUP-1", type: "SENSOR" },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: "Conflict", code: "PLANT_ALREADY_EXISTS" });
  });

  it.each([
    [{ serialNumber: "S", type: "SENSOR" }, "name", "is required"],
    [{ name: "", serialNumber: "S", type: "SENSOR" }, "name", "must not be empty"],
    [{ name: "x".repeat(101), serialNumber: "S", type: "SENSOR" }, "name", "at most 100"],
    [{ name: "n", serialNumber: "S".repeat(51), type: "SENSOR" }, "serialNumber", "at most 50"],
    [{ name: "n", serialNumber: "S", type: "ROBOT" }, "type", "one of SENSOR"],
    [{ name: "n", serialNumber: "S", type: "SENSOR", authMethod: "SSH" }, "authMethod", "one of MTLS"],
    [{ name: "n", serialNumber: "S", type: "SENSOR", metadata: [1] }, "metadata", "object or null"],
    [{ name: 7, serialNumber: "S", type: "SENSOR" }, "name", "must be a string"],
    [{ name: "n", serialNumber: "S", type: "SENSOR", colour: "red" }, "colour", "unknown field"],
  ])("400 VALIDATION_ERROR names the field: %j", async (json, path, message) => {
    await harness();
    const res = await h.request("POST", "/api/v1/plants", { json });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it("rejects malformed JSON and a missing body with 400", async () => {
    await harness();
    const malformed = await h.request("POST", "/api/v1/plants", {
      body: "{ not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("VALIDATION_ERROR");
    expect(malformed.body.message).toBe("Malformed JSON body");
    const empty = await h.request("POST", "/api/v1/plants", {
      body: "",
      headers: { "content-type": "application/json" },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.details.issues[0].message).toBe("request body is required");
  });

  it("is 415 for a body that is not JSON", async () => {
    await harness();
    const res = await h.request("POST", "/api/v1/plants", {
      body: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("is 413 for a body over the limit, with or without Content-Length", async () => {
    await harness({ maxBodyBytes: 512 });
    const json = { name: "n", serialNumber: "S", type: "SENSOR", metadata: { pad: "x".repeat(600) } };
    const res = await h.request("POST", "/api/v1/plants", { json });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: "PAYLOAD_TOO_LARGE",
      details: { maxBytes: 512 },
    });

    const bytes = new TextEncoder().encode(JSON.stringify(json));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice(0, 300));
        controller.enqueue(bytes.slice(300));
        controller.close();
      },
    });
    const chunked = await h.app.request("/api/v1/plants", {
      method: "POST",
      headers: { authorization: `Bearer ${h.tokens.admin}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(h.store.plants.list({ offset: 0, limit: 10 }).total).toBe(0);
  });

  it("is 401 UNAUTHORIZED without a valid token", async () => {
    await harness();
    const json = { name: "n", serialNumber: "S", type: "SENSOR" };
    const res = await h.request("POST", "/api/v1/plants", { as: "anonymous", json });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    expect((await h.request("POST", "/api/v1/plants", { token: "voke_unknown", json })).status).toBe(401);
    expect(h.store.plants.list({ offset: 0, limit: 10 }).total).toBe(0);
  });

  it.each(["viewer", "operator"] as const)("is 403 FORBIDDEN for a %s", async (as) => {
    await harness();
    const res = await h.request("POST", "/api/v1/plants", {
      as,
      json: { name: "n", serialNumber: "S", type: "SENSOR" },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("FORBIDDEN");
  });
});

describe("GET /api/v1/plants/{id}", () => {
  it("returns the detail view with alerts newest first, plantGroups and self-reported fields", async () => {
    await harness();
    const plant = await h.createPlant();
    for (const [i, severity] of (["WARNING", "CRITICAL"] as const).entries()) {
      h.store.alerts.insert({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        organizationId: h.organizationId,
        plantId: plant.id,
        alertRuleId: null,
        type: "THRESHOLD_EXCEEDED",
        severity,
        status: "ACTIVE",
        message: `soc below ${i}`,
        metric: "soc",
        value: 5,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        createdAt: new Date(Date.parse("2025-06-15T12:00:00Z") + i * 1000).toISOString(),
        updatedAt: "2025-06-15T12:00:00.000Z",
      });
    }
    h.store.plants.update(plant.id, {
      esiState: "PLC_READY",
      capacityKwh: 10.5,
      plantWithLoad: true,
      configEnabled: false,
    });
    const res = await h.request("GET", `/api/v1/plants/${plant.id}`, { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: plant.id,
      esiState: "PLC_READY",
      capacityKwh: 10.5,
      fvePeakPowerKwp: null,
      plantWithLoad: true,
      configEnabled: false,
      description: null,
      externalPlantId: null,
      plantGroups: [],
    });
    expect(res.body.alerts.map((a: { severity: string }) => a.severity)).toEqual(["CRITICAL", "WARNING"]);
  });

  it("is 400 INVALID_UUID for an id that is not a UUID", async () => {
    await harness();
    const res = await h.request("GET", "/api/v1/plants/not-a-uuid", { as: "viewer" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "INVALID_UUID", details: { issues: [{ path: "id" }] } });
  });

  it("is 404 PLANT_NOT_FOUND for a missing plant and, identically, another organization's plant", async () => {
    await harness();
    const theirs = await h.createPlant({}, "otherAdmin");
    const missing = await h.request("GET", `/api/v1/plants/${MISSING_ID}`, { as: "viewer" });
    const foreign = await h.request("GET", `/api/v1/plants/${theirs.id}`, { as: "viewer" });
    expect(missing.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.code).toBe("PLANT_NOT_FOUND");
    const superadmin = await h.request("GET", `/api/v1/plants/${theirs.id}`, { as: "superadmin" });
    expect(superadmin.status).toBe(200);
    expect((await h.request("GET", `/api/v1/plants/${theirs.id}`, { as: "anonymous" })).status).toBe(401);
  });
});

describe("PATCH /api/v1/plants/{id}", () => {
  it("changes only the fields given and bumps updatedAt", async () => {
    await harness();
    const plant = await h.createPlant({ metadata: { a: 1 } });
    h.clock.advance(5000);
    const res = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: {
        name: "Renamed",
        externalPlantId: "VELVARY-MAIN",
        templateId: SYSTEM_TEMPLATE_IDS.plantCabinet,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Renamed",
      serialNumber: plant.serialNumber,
      metadata: { a: 1 },
      templateId: SYSTEM_TEMPLATE_IDS.plantCabinet,
      template: { id: SYSTEM_TEMPLATE_IDS.plantCabinet, level: "PLANT", isSystem: true },
      createdAt: plant.createdAt,
      updatedAt: "2025-06-15T12:00:05.000Z",
    });
    const detail = await h.request("GET", `/api/v1/plants/${plant.id}`);
    expect(detail.body.externalPlantId).toBe("VELVARY-MAIN");

    const unlinked = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { externalPlantId: null, templateId: null, metadata: null },
    });
    expect(unlinked.body).toMatchObject({ templateId: null, template: null, metadata: null });
    expect((await h.request("GET", `/api/v1/plants/${plant.id}`)).body.externalPlantId).toBeNull();
  });

  it("is 400 BAD_REQUEST for a DEVICE-level template and 404 TEMPLATE_NOT_FOUND for an unknown one", async () => {
    await harness();
    const plant = await h.createPlant();
    const device = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { templateId: SYSTEM_TEMPLATE_IDS.deviceInverter },
    });
    expect(device.status).toBe(400);
    expect(device.body.code).toBe("BAD_REQUEST");
    expect(device.body.message).toMatch(/level DEVICE/);
    const unknown = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { templateId: MISSING_ID },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("TEMPLATE_NOT_FOUND");
  });

  it("is 400 BAD_REQUEST for a bad id and VALIDATION_ERROR naming bad fields", async () => {
    await harness();
    const plant = await h.createPlant();
    const badId = await h.request("PATCH", "/api/v1/plants/123", { json: { name: "x" } });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe("BAD_REQUEST");
    const invalid = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { name: "", templateId: "nope", organizationId: 5, lifecycleStatus: "ACTIVE" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe("VALIDATION_ERROR");
    expect(invalid.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "lifecycleStatus",
      "name",
      "organizationId",
      "templateId",
    ]);
  });

  it("is 409 when the new serial number belongs to another plant, and allows keeping its own", async () => {
    await harness();
    const a = await h.createPlant({ serialNumber: "A-1" });
    await h.createPlant({ serialNumber: "B-1" });
    const clash = await h.request("PATCH", `/api/v1/plants/${a.id}`, { json: { serialNumber: "B-1" } });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe("PLANT_ALREADY_EXISTS");
    const same = await h.request("PATCH", `/api/v1/plants/${a.id}`, { json: { serialNumber: "A-1" } });
    expect(same.status).toBe(200);
  });

  it("lets only a superadmin reassign the organization", async () => {
    await harness();
    const plant = await h.createPlant();
    const admin = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { organizationId: h.otherOrganizationId },
    });
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe("FORBIDDEN");
    const sameOrg = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { organizationId: h.organizationId },
    });
    // Naming the plant's own organization is still setting organizationId: superadmin only.
    expect(sameOrg.status).toBe(403);
    expect(sameOrg.body.code).toBe("FORBIDDEN");

    const unknownOrg = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      as: "superadmin",
      json: { organizationId: MISSING_ID },
    });
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.details.issues).toEqual([
      { path: "organizationId", message: "no such organization" },
    ]);

    const moved = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      as: "superadmin",
      json: { organizationId: h.otherOrganizationId },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.organizationId).toBe(h.otherOrganizationId);
    expect((await h.request("GET", `/api/v1/plants/${plant.id}`, { as: "admin" })).status).toBe(404);
    expect((await h.request("GET", `/api/v1/plants/${plant.id}`, { as: "otherViewer" })).status).toBe(200);
  });

  it("is 404 for another organization's plant, 403 for an operator, 415 and 413 for bad bodies", async () => {
    await harness({ maxBodyBytes: 256 });
    const plant = await h.createPlant();
    expect(
      (await h.request("PATCH", `/api/v1/plants/${plant.id}`, { as: "otherAdmin", json: { name: "x" } }))
        .status,
    ).toBe(404);
    expect(
      (await h.request("PATCH", `/api/v1/plants/${MISSING_ID}`, { json: { name: "x" } })).body.code,
    ).toBe("PLANT_NOT_FOUND");
    expect(
      (await h.request("PATCH", `/api/v1/plants/${plant.id}`, { as: "operator", json: { name: "x" } }))
        .status,
    ).toBe(403);
    expect(
      (await h.request("PATCH", `/api/v1/plants/${plant.id}`, { as: "anonymous", json: { name: "x" } }))
        .status,
    ).toBe(401);
    const text = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      body: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const big = await h.request("PATCH", `/api/v1/plants/${plant.id}`, {
      json: { metadata: { pad: "x".repeat(300) } },
    });
    expect(big.status).toBe(413);
  });
});

describe("DELETE /api/v1/plants/{id}", () => {
  it("deletes the plant, revokes its certificate and closes its session", async () => {
    await harness();
    const plant = await h.createPlant();
    const provisioned = await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
    expect(provisioned.status).toBe(200);
    const serial = (await h.request("GET", `/api/v1/plants/${plant.id}`)).body
      .certificateSerialNumber as string;
    const res = await h.request("DELETE", `/api/v1/plants/${plant.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "Plant deleted" });
    expect((await h.request("GET", `/api/v1/plants/${plant.id}`)).status).toBe(404);
    expect(h.store.revokedCertificates.isRevoked(serial)).toBe(true);
    expect(h.gateway.calls).toContainEqual({ method: "closeSession", args: [plant.id, "plant deleted"] });
    expect(h.gateway.calls.at(-1)?.method).toBe("reloadCrl");
  });

  it("is 400 INVALID_UUID, 404 (missing or foreign), 403 for an operator, 401 anonymous", async () => {
    await harness();
    const plant = await h.createPlant();
    expect((await h.request("DELETE", "/api/v1/plants/xyz")).body.code).toBe("INVALID_UUID");
    expect((await h.request("DELETE", `/api/v1/plants/${MISSING_ID}`)).status).toBe(404);
    expect((await h.request("DELETE", `/api/v1/plants/${plant.id}`, { as: "otherAdmin" })).status).toBe(404);
    expect((await h.request("DELETE", `/api/v1/plants/${plant.id}`, { as: "operator" })).status).toBe(403);
    expect((await h.request("DELETE", `/api/v1/plants/${plant.id}`, { as: "anonymous" })).status).toBe(401);
    expect((await h.request("GET", `/api/v1/plants/${plant.id}`)).status).toBe(200);
  });
});

describe("GET /api/v1/plants/{id}/energy/today", () => {
  it("sums each register's increase over the current UTC day, treating a drop as a meter reset", async () => {
    await harness({ now: "2025-06-15T18:00:00.000Z" });
    const plant = await h.createPlant();
    const sample = (ts: string, metrics: Record<string, number>) =>
      h.store.telemetry.insert({ plantId: plant.id, ts, metrics, receivedAt: ts });
    sample("2025-06-14T23:59:00.000Z", { producedKwh: 1, importedKwh: 1, exportedKwh: 1 }); // yesterday: ignored
    sample("2025-06-15T06:00:00.000Z", { producedKwh: 100, importedKwh: 50, exportedKwh: 20, soc: 40 });
    sample("2025-06-15T10:00:00.000Z", { producedKwh: 104, importedKwh: 51, exportedKwh: 21 });
    sample("2025-06-15T12:00:00.000Z", { producedKwh: 3, importedKwh: 52 }); // produced meter reset to 0
    sample("2025-06-15T16:00:00.000Z", { producedKwh: 6, importedKwh: 52.5, exportedKwh: 23 });
    const res = await h.request("GET", `/api/v1/plants/${plant.id}/energy/today`, { as: "viewer" });
    expect(res.status).toBe(200);
    // produced: +4, reset → +3, +3 = 10; imported: 2.5; exported: 3; self-consumption (10 − 3) / 10.
    expect(res.body).toEqual({
      date: "2025-06-15",
      produced: 10,
      imported: 2.5,
      exported: 3,
      selfConsumptionPct: 70,
    });
  });

  it("is all zero with no telemetry today", async () => {
    await harness();
    const plant = await h.createPlant();
    const res = await h.request("GET", `/api/v1/plants/${plant.id}/energy/today`, { as: "viewer" });
    expect(res.body).toEqual({
      date: "2025-06-15",
      produced: 0,
      imported: 0,
      exported: 0,
      selfConsumptionPct: 0,
    });
  });

  it("is 400 INVALID_UUID, 404 for a foreign plant, 401 anonymous", async () => {
    await harness();
    const plant = await h.createPlant();
    expect((await h.request("GET", "/api/v1/plants/bad/energy/today")).body.code).toBe("INVALID_UUID");
    expect(
      (await h.request("GET", `/api/v1/plants/${plant.id}/energy/today`, { as: "otherViewer" })).status,
    ).toBe(404);
    expect(
      (await h.request("GET", `/api/v1/plants/${plant.id}/energy/today`, { as: "anonymous" })).status,
    ).toBe(401);
  });
});

describe("GET /api/v1/plants/certificate-stats", () => {
  it("classifies the caller's MTLS certificates", async () => {
    await harness();
    const provision = async () => {
      const plant = await h.createPlant();
      await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
      return plant;
    };
    const [soon, later, revoked] = [await provision(), await provision(), await provision()];
    await h.request("POST", `/api/v1/plants/${revoked.id}/revoke`);
    await h.createPlant({ authMethod: "TOKEN" }); // no certificate: not counted
    const theirs = await h.createPlant({}, "otherAdmin");
    await h.request("POST", `/api/v1/plants/${theirs.id}/provision`, { as: "otherAdmin" });
    // Certificates are valid one year from 2025-06-15T12:00Z; make one of them expire sooner.
    h.store.plants.update(soon.id, { certificateExpiresAt: "2025-07-01T00:00:00.000Z" });

    const res = await h.request("GET", "/api/v1/plants/certificate-stats", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active: 2,
      expired: 0,
      expiringSoon: 1,
      revoked: 1,
      atRiskPlants: [
        {
          id: soon.id,
          name: soon.name,
          serialNumber: soon.serialNumber,
          authMethod: "MTLS",
          lifecycleStatus: "PROVISIONED",
          certificateExpiresAt: "2025-07-01T00:00:00.000Z",
        },
      ],
      nextRenewalAt: "2025-06-01T00:00:00.000Z",
    });
    expect(later.id).toBeDefined();

    h.clock.set("2026-07-01T00:00:00.000Z");
    const expired = await h.request("GET", "/api/v1/plants/certificate-stats", { as: "viewer" });
    expect(expired.body).toMatchObject({
      active: 0,
      expired: 2,
      expiringSoon: 0,
      revoked: 1,
      nextRenewalAt: null,
    });
    expect(expired.body.atRiskPlants.map((p: { id: string }) => p.id)).toEqual([soon.id, later.id]);

    const all = await h.request("GET", "/api/v1/plants/certificate-stats", { as: "superadmin" });
    expect(all.body.expired).toBe(3);
  });

  it("is 401 anonymous", async () => {
    await harness();
    expect((await h.request("GET", "/api/v1/plants/certificate-stats", { as: "anonymous" })).status).toBe(
      401,
    );
  });
});

describe("contract coverage", () => {
  it("exercised every declared status of these operations (but 429, 500, and 403 where viewer suffices)", () => {
    const operations = [
      "GET /api/v1/plants",
      "POST /api/v1/plants",
      "GET /api/v1/plants/certificate-stats",
      "GET /api/v1/plants/{id}",
      "PATCH /api/v1/plants/{id}",
      "DELETE /api/v1/plants/{id}",
      "GET /api/v1/plants/{id}/energy/today",
    ];
    const viewerOperations = new Set([
      "GET /api/v1/plants",
      "GET /api/v1/plants/certificate-stats",
      "GET /api/v1/plants/{id}",
      "GET /api/v1/plants/{id}/energy/today",
    ]);
    const document = h.spec.document;
    const missing: string[] = [];
    for (const operation of operations) {
      const [method = "", path = ""] = operation.split(" ");
      const declared = Object.keys(
        (document.paths[path]?.[method.toLowerCase()] as { responses?: object } | undefined)?.responses ?? {},
      );
      for (const status of declared) {
        if (status === "429" || status === "500") continue;
        if (status === "403" && viewerOperations.has(operation)) continue;
        if (!seen.some((s) => s.operation === operation && String(s.status) === status)) {
          missing.push(`${operation} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
