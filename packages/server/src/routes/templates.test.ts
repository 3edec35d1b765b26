import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { SYSTEM_TEMPLATE_IDS } from "../storage/migrations/001-initial-schema.ts";
import type { TemplateRecord } from "../storage/templates.ts";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

let h: TestHarness;
afterEach(() => h.close());

function ownTemplate(organizationId: string, name: string): TemplateRecord {
  return {
    id: randomUUID(),
    organizationId,
    name,
    level: "DEVICE",
    type: "HEAT_PUMP",
    version: 2,
    isSystem: false,
    signals: [{ key: "flowTempC", unit: "°C", type: "number" }],
    actions: [],
    createdAt: "2025-02-01T00:00:00.000Z",
    updatedAt: "2025-02-01T00:00:00.000Z",
  };
}

describe("GET /api/v1/templates", () => {
  it("lists the system templates of both levels to any role", async () => {
    h = await createTestHarness();
    const res = await h.request("GET", "/api/v1/templates", { as: "viewer" });
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { id: string }) => t.id)).toEqual(Object.values(SYSTEM_TEMPLATE_IDS));
    const cabinet = res.body.data[0];
    expect(cabinet).toMatchObject({
      name: "Generic PV plant cabinet",
      level: "PLANT",
      type: "CABINET",
      isSystem: true,
    });
    expect(cabinet.actions).toContainEqual({ command: "reboot" });
    expect(new Set(res.body.data.map((t: { level: string }) => t.level))).toEqual(
      new Set(["PLANT", "DEVICE"]),
    );
  });

  it("filters by level", async () => {
    h = await createTestHarness();
    const plant = await h.request("GET", "/api/v1/templates?level=PLANT", { as: "viewer" });
    expect(plant.body.data.map((t: { id: string }) => t.id)).toEqual([SYSTEM_TEMPLATE_IDS.plantCabinet]);
    const device = await h.request("GET", "/api/v1/templates?level=DEVICE", { as: "viewer" });
    expect(device.body.data).toHaveLength(3);
    expect(device.body.data.every((t: { level: string }) => t.level === "DEVICE")).toBe(true);
  });

  it("shows an organization its own templates, never another organization's", async () => {
    h = await createTestHarness();
    const mine = ownTemplate(h.organizationId, "Our heat pump");
    const theirs = ownTemplate(h.otherOrganizationId, "Their heat pump");
    h.store.templates.insert(mine);
    h.store.templates.insert(theirs);
    const res = await h.request("GET", "/api/v1/templates?level=DEVICE", { as: "viewer" });
    const ids = res.body.data.map((t: { id: string }) => t.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    const all = await h.request("GET", "/api/v1/templates", { as: "superadmin" });
    expect(all.body.data.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([mine.id, theirs.id]),
    );
  });

  it("is 400 VALIDATION_ERROR for an unknown level and 401 without a token", async () => {
    h = await createTestHarness();
    const bad = await h.request("GET", "/api/v1/templates?level=SITE", { as: "viewer" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_ERROR");
    expect(bad.body.details.issues).toEqual([{ path: "level", message: "must be one of PLANT, DEVICE" }]);
    expect((await h.request("GET", "/api/v1/templates", { as: "anonymous" })).status).toBe(401);
  });
});
