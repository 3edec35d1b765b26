import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

const MISSING_ID = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const REBOOT = { command: "reboot" };
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

/** A plant that takes commands (PROVISIONED), created by `as`. */
async function provisionedPlant(as: "admin" | "otherAdmin" = "admin") {
  const plant = await h.createPlant({ authMethod: "PASSWORD" }, as);
  const res = await h.request("POST", `/api/v1/plants/${plant.id}/provision`, { as });
  if (res.status !== 200) throw new Error(`provision failed: ${res.status} ${res.text}`);
  return plant;
}

const commandsOf = (plantId: string) => `/api/v1/plants/${plantId}/commands`;

describe("POST /api/v1/plants/{plantId}/commands", () => {
  it("stores the command QUEUED with a fresh cmdId and expiry, then tells the gateway", async () => {
    await harness();
    const plant = await provisionedPlant();
    let storedWhenTold: string | undefined;
    h.gateway.commandQueued = (plantId) => {
      h.gateway.calls.push({ method: "commandQueued", args: [plantId] });
      storedWhenTold = h.store.commands.listQueuedForPlant(plantId, h.clock.now().toISOString())[0]?.command;
    };
    const res = await h.request("POST", commandsOf(plant.id), { as: "operator", json: REBOOT });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      plantId: plant.id,
      cmdId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      command: "reboot",
      payload: null,
      target: null,
      status: "QUEUED",
      createdAt: "2025-06-15T12:00:00.000Z",
      sentAt: null,
      ackedAt: null,
      responseStatus: null,
      response: null,
      expiresAt: "2025-06-16T12:00:00.000Z",
    });
    expect(res.body.cmdId).toBe(res.body.id); // what the device logs is the id voke shows
    expect(h.gateway.calls.filter((c) => c.method === "commandQueued")).toEqual([
      { method: "commandQueued", args: [plant.id] },
    ]);
    expect(storedWhenTold).toBe("reboot");
  });

  it("keeps payload and target", async () => {
    await harness();
    const plant = await provisionedPlant();
    const json = { command: "set-power-limit", payload: { limitW: 3000, ramp: { s: 5 } }, target: "INV_01" };
    const res = await h.request("POST", commandsOf(plant.id), { as: "operator", json });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(json);
    expect(h.store.commands.findById(res.body.id)).toMatchObject(json);
  });

  it("answers with the command as stored after the gateway: SENT when it published at once", async () => {
    await harness();
    const plant = await provisionedPlant();
    h.gateway.commandQueued = (plantId) => {
      const now = h.clock.now().toISOString();
      for (const command of h.store.commands.listQueuedForPlant(plantId, now))
        h.store.commands.markSent(command.id, now);
    };
    const res = await h.request("POST", commandsOf(plant.id), { as: "operator", json: REBOOT });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "SENT", sentAt: "2025-06-15T12:00:00.000Z" });
  });

  it("still answers 201 with the command QUEUED when the gateway fails: it is durable and goes out later", async () => {
    await harness();
    const plant = await provisionedPlant();
    h.gateway.commandQueued = () => {
      throw new Error("broker unavailable");
    };
    const res = await h.request("POST", commandsOf(plant.id), { as: "operator", json: REBOOT });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("QUEUED");
    expect(h.store.commands.findById(res.body.id)?.status).toBe("QUEUED");
  });

  it("is allowed for ACTIVE plants and for a superadmin on another organization's plant", async () => {
    await harness();
    const plant = await provisionedPlant("otherAdmin");
    h.store.plants.update(plant.id, { lifecycleStatus: "ACTIVE" });
    const res = await h.request("POST", commandsOf(plant.id), { as: "superadmin", json: REBOOT });
    expect(res.status).toBe(201);
  });

  it.each(["PENDING", "SUSPENDED", "DECOMMISSIONED"] as const)(
    "is 400 BAD_REQUEST for a %s plant, storing nothing",
    async (state) => {
      await harness();
      const plant = await h.createPlant();
      h.store.plants.update(plant.id, { lifecycleStatus: state });
      const res = await h.request("POST", commandsOf(plant.id), { as: "operator", json: REBOOT });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(res.body.message).toContain(`lifecycle state ${state}`);
      expect(h.store.commands.listForPlant(plant.id, { offset: 0, limit: 10 }).total).toBe(0);
      expect(h.gateway.calls.some((c) => c.method === "commandQueued")).toBe(false);
    },
  );

  it.each([
    [{}, "command", "is required"],
    [{ command: "" }, "command", "must not be empty"],
    [{ command: "c".repeat(256) }, "command", "must be at most 255 characters"],
    [{ command: 7 }, "command", "must be a string"],
    [{ command: "reboot", payload: [1] }, "payload", "must be an object"],
    [{ command: "reboot", payload: null }, "payload", "must be an object"],
    [{ command: "reboot", target: "inv-1" }, "target", "must be 1 to 32 of A-Z, 0-9, _ and -"],
    [{ command: "reboot", target: "T".repeat(33) }, "target", "must be 1 to 32 of A-Z, 0-9, _ and -"],
    [{ command: "reboot", priority: 1 }, "priority", "unknown field"],
  ])("%j is a 400 VALIDATION_ERROR naming %s", async (json, path, message) => {
    await harness();
    const plant = await provisionedPlant();
    const res = await h.request("POST", commandsOf(plant.id), { as: "operator", json });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues).toContainEqual({ path, message });
  });

  it("is 400 BAD_REQUEST for a plant id that is not a UUID", async () => {
    await harness();
    const res = await h.request("POST", "/api/v1/plants/not-a-uuid/commands", {
      as: "operator",
      json: REBOOT,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("BAD_REQUEST");
    expect(res.body.details.issues).toEqual([{ path: "plantId", message: "must be a UUID" }]);
  });

  it("is 404 PLANT_NOT_FOUND for a missing plant and another organization's, alike", async () => {
    await harness();
    const theirs = await provisionedPlant("otherAdmin");
    for (const id of [MISSING_ID, theirs.id]) {
      const res = await h.request("POST", commandsOf(id), { as: "operator", json: REBOOT });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: "PLANT_NOT_FOUND", message: "Plant not found" });
    }
    expect(h.store.commands.listForPlant(theirs.id, { offset: 0, limit: 10 }).total).toBe(0);
  });

  it("is 401 without a token and 403 for a viewer", async () => {
    await harness();
    const plant = await provisionedPlant();
    expect((await h.request("POST", commandsOf(plant.id), { as: "anonymous", json: REBOOT })).status).toBe(
      401,
    );
    const viewer = await h.request("POST", commandsOf(plant.id), { as: "viewer", json: REBOOT });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe("FORBIDDEN");
    expect(h.store.commands.listForPlant(plant.id, { offset: 0, limit: 10 }).total).toBe(0);
  });

  it("is 413 for an oversized body and 415 for a body that is not JSON", async () => {
    await harness({ maxBodyBytes: 200 });
    const plant = await provisionedPlant();
    const big = await h.request("POST", commandsOf(plant.id), {
      as: "operator",
      json: { command: "reboot", payload: { blob: "x".repeat(300) } },
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe("PAYLOAD_TOO_LARGE");
    const text = await h.request("POST", commandsOf(plant.id), {
      as: "operator",
      body: "reboot",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("honours Idempotency-Key: a retry does not send twice, another body with the key is 409", async () => {
    await harness();
    const plant = await provisionedPlant();
    const headers = { "idempotency-key": "reboot-once" };
    const first = await h.request("POST", commandsOf(plant.id), { as: "operator", json: REBOOT, headers });
    const retry = await h.request("POST", commandsOf(plant.id), { as: "operator", json: REBOOT, headers });
    expect(retry.status).toBe(201);
    expect(retry.body.cmdId).toBe(first.body.cmdId);
    const other = await h.request("POST", commandsOf(plant.id), {
      as: "operator",
      json: { command: "sync-config" },
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(h.store.commands.listForPlant(plant.id, { offset: 0, limit: 10 }).total).toBe(1);
  });
});

describe("GET /api/v1/plants/{plantId}/commands", () => {
  it("lists the plant's commands oldest first with their delivery state and pagination meta", async () => {
    await harness();
    const plant = await provisionedPlant();
    const other = await provisionedPlant();
    const ids: string[] = [];
    for (const command of ["a", "b", "c"]) {
      ids.push(
        (await h.request("POST", commandsOf(plant.id), { as: "operator", json: { command } })).body.id,
      );
      h.clock.advance(1000);
    }
    await h.request("POST", commandsOf(other.id), { as: "operator", json: REBOOT });
    const ackedAt = h.clock.now().toISOString();
    h.store.commands.markSent(ids[0] as string, ackedAt);
    h.store.commands.markSucceeded(ids[0] as string, {
      ackedAt,
      responseStatus: "OK",
      response: { uptime: 3 },
    });

    const first = await h.request("GET", `${commandsOf(plant.id)}?page=1&limit=2`, { as: "viewer" });
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    expect(first.body.data[0]).toMatchObject({
      status: "SUCCEEDED",
      ackedAt,
      responseStatus: "OK",
      response: { uptime: 3 },
    });
    const second = await h.request("GET", `${commandsOf(plant.id)}?page=2&limit=2`, { as: "viewer" });
    expect(second.body.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
  });

  it("is empty for a plant that never had a command, whatever its state", async () => {
    await harness();
    const plant = await h.createPlant();
    const res = await h.request("GET", commandsOf(plant.id), { as: "viewer" });
    expect(res.body).toEqual({ data: [], meta: { page: 1, limit: 20, total: 0, totalPages: 0 } });
  });

  it("is 404 for a missing plant and another organization's, but a superadmin sees every plant", async () => {
    await harness();
    const theirs = await provisionedPlant("otherAdmin");
    await h.request("POST", commandsOf(theirs.id), { as: "otherAdmin", json: REBOOT });
    for (const id of [MISSING_ID, theirs.id]) {
      const res = await h.request("GET", commandsOf(id), { as: "viewer" });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("PLANT_NOT_FOUND");
    }
    const asSuper = await h.request("GET", commandsOf(theirs.id), { as: "superadmin" });
    expect(asSuper.body.meta.total).toBe(1);
  });

  it("is 400 INVALID_UUID for a bad plant id, 400 VALIDATION_ERROR for bad paging, 401 anonymous", async () => {
    await harness();
    const plant = await h.createPlant();
    const bad = await h.request("GET", "/api/v1/plants/xyz/commands", { as: "viewer" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("INVALID_UUID");
    for (const query of ["page=0", "limit=101", "limit=x"]) {
      const res = await h.request("GET", `${commandsOf(plant.id)}?${query}`, { as: "viewer" });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("VALIDATION_ERROR");
    }
    expect((await h.request("GET", commandsOf(plant.id), { as: "anonymous" })).status).toBe(401);
  });
});

describe("contract coverage", () => {
  it("exercised every declared status of the command operations (but 429, 500, and 403 where viewer suffices)", () => {
    const template = "/api/v1/plants/{plantId}/commands";
    const missing: string[] = [];
    for (const method of ["get", "post"]) {
      const { responses, "x-voke-role": role } = (h.spec.document.paths[template]?.[method] ?? {}) as {
        responses: object;
        "x-voke-role": string;
      };
      const name = `${method.toUpperCase()} ${template}`;
      for (const status of Object.keys(responses)) {
        if (status === "429" || status === "500" || (status === "403" && role === "viewer")) continue;
        if (!seen.some((s) => s.operation === name && String(s.status) === status))
          missing.push(`${name} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
