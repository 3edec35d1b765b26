import { afterEach, describe, expect, it } from "vitest";
import type { PlantRecord } from "./plants.ts";
import { openStore, type Store } from "./store.ts";

let store: Store | undefined;
afterEach(() => store?.close());

const NOW = "2025-06-15T12:00:00.000Z";
function plant(id: string, extra: Partial<PlantRecord> = {}): PlantRecord {
  return {
    id,
    organizationId: "org",
    name: `Plant ${id}`,
    serialNumber: `SN-${id}`,
    type: "SENSOR",
    authMethod: "MTLS",
    lifecycleStatus: "PENDING",
    status: "OFFLINE",
    templateId: null,
    externalPlantId: null,
    description: null,
    tag: null,
    latitude: null,
    longitude: null,
    metadata: { nested: { a: [1, 2] } },
    esiState: null,
    capacityKwh: null,
    fvePeakPowerKwp: null,
    plantWithLoad: null,
    configEnabled: null,
    certificateFingerprint: null,
    certificateSerialNumber: null,
    certificateExpiresAt: null,
    secretRotatedAt: null,
    provisionedAt: null,
    activatedAt: null,
    lastSeenAt: null,
    authFailureCount: 0,
    lastAuthFailureAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

function open(): Store {
  store = openStore(":memory:");
  store.organizations.insert({ id: "org", name: "Org", createdAt: NOW, updatedAt: NOW });
  return store;
}

describe("plant store", () => {
  it("round-trips every field, JSON and booleans included", () => {
    const s = open();
    const record = plant("a", { plantWithLoad: true, configEnabled: false, latitude: 49.2, metadata: null });
    s.plants.insert(record);
    expect(s.plants.findById("a")).toEqual(record);
    s.plants.insert(plant("b"));
    expect(s.plants.findBySerialNumber("SN-b")?.metadata).toEqual({ nested: { a: [1, 2] } });
  });

  it("updates only the fields given, skipping undefined ones", () => {
    const s = open();
    s.plants.insert(plant("a", { name: "Before", tag: "t1" }));
    const updated = s.plants.update("a", {
      name: "After",
      tag: undefined,
      esiState: "PLC_READY",
      plantWithLoad: false,
    });
    expect(updated).toMatchObject({ name: "After", tag: "t1", esiState: "PLC_READY", plantWithLoad: false });
    expect(s.plants.update("missing", { name: "x" })).toBeUndefined();
  });

  it("counts auth failures atomically and marks every plant offline", () => {
    const s = open();
    s.plants.insert(plant("a", { status: "ONLINE" }));
    s.plants.recordAuthFailure("a", "2025-06-15T12:01:00.000Z");
    s.plants.recordAuthFailure("a", "2025-06-15T12:02:00.000Z");
    s.plants.markAllOffline();
    expect(s.plants.findById("a")).toMatchObject({
      authFailureCount: 2,
      lastAuthFailureAt: "2025-06-15T12:02:00.000Z",
      status: "OFFLINE",
    });
  });

  it("lists by organization and filters, in createdAt then id order", () => {
    const s = open();
    s.organizations.insert({ id: "other", name: "Other", createdAt: NOW, updatedAt: NOW });
    s.plants.insert(plant("c", { createdAt: "2025-01-01T00:00:00.000Z" }));
    s.plants.insert(plant("b"));
    s.plants.insert(plant("a"));
    s.plants.insert(plant("z", { organizationId: "other", authMethod: "TOKEN", lifecycleStatus: "ACTIVE" }));
    expect(s.plants.list({ organizationId: "org", offset: 0, limit: 10 }).items.map((p) => p.id)).toEqual([
      "c",
      "a",
      "b",
    ]);
    expect(s.plants.list({ offset: 1, limit: 2 })).toMatchObject({
      total: 4,
      items: [{ id: "a" }, { id: "b" }],
    });
    expect(
      s.plants.list({ authMethod: "TOKEN", lifecycleStatus: "ACTIVE", offset: 0, limit: 10 }).total,
    ).toBe(1);
  });

  it("refuses a second plant with the same serial number", () => {
    const s = open();
    s.plants.insert(plant("a"));
    expect(() => s.plants.insert(plant("b", { serialNumber: "SN-a" }))).toThrow(
      /UNIQUE constraint failed: plants.serial_number/,
    );
  });
});
