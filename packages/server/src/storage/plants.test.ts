import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    messageRefusalCount: 0,
    lastMessageRefusalAt: null,
    mqttTokenEpoch: 0,
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

  it("counts refusals per kind and reason and marks every plant offline", () => {
    const s = open();
    s.plants.insert(plant("a", { status: "ONLINE" }));
    const tally = { plantId: "a", kind: "AUTHENTICATION", reason: "WRONG_PASSWORD" } as const;
    s.plantRefusals.add({ ...tally, count: 1, at: "2025-06-15T12:01:00.000Z" });
    s.plantRefusals.add({ ...tally, count: 2, at: "2025-06-15T12:02:00.000Z" });
    s.plantRefusals.add({ ...tally, kind: "MESSAGE", reason: "BAD_SIGNATURE", count: 3, at: NOW });
    s.plantRefusals.add({ ...tally, plantId: "gone", count: 1, at: NOW });
    s.plants.markAllOffline();
    expect(s.plants.findById("a")).toMatchObject({
      authFailureCount: 3,
      lastAuthFailureAt: "2025-06-15T12:02:00.000Z",
      messageRefusalCount: 3,
      lastMessageRefusalAt: NOW,
      status: "OFFLINE",
    });
    expect(s.plantRefusals.countsFor("a")).toEqual({
      AUTHENTICATION: { WRONG_PASSWORD: 3 },
      MESSAGE: { BAD_SIGNATURE: 3 },
    });
    expect(s.plantRefusals.countsFor("gone")).toEqual({ AUTHENTICATION: {}, MESSAGE: {} });
  });

  it("tracks presence: online activates a provisioned plant, refuses a suspended one; lastSeenAt never goes back", () => {
    const s = open();
    s.plants.insert(plant("p", { lifecycleStatus: "PROVISIONED" }));
    s.plants.insert(plant("s", { lifecycleStatus: "SUSPENDED" }));
    const at = "2025-06-15T13:00:00.000Z";
    expect(s.plants.markOnline("p", at)).toBe(true);
    expect(s.plants.findById("p")).toMatchObject({
      status: "ONLINE",
      lifecycleStatus: "ACTIVE",
      activatedAt: at,
      lastSeenAt: at,
      updatedAt: at,
    });
    expect(s.plants.markOnline("p", "2025-06-15T14:00:00.000Z")).toBe(true);
    expect(s.plants.findById("p")?.activatedAt).toBe(at);
    expect(s.plants.markOnline("s", at)).toBe(false);
    expect(s.plants.markOnline("missing", at)).toBe(false);
    expect(s.plants.findById("s")?.status).toBe("OFFLINE");

    s.plants.touchLastSeen("p", "2025-06-15T15:00:00.000Z");
    s.plants.touchLastSeen("p", "2025-06-15T14:30:00.000Z");
    expect(s.plants.findById("p")?.lastSeenAt).toBe("2025-06-15T15:00:00.000Z");
    s.plants.markOffline("p");
    expect(s.plants.findById("p")?.status).toBe("OFFLINE");
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

  it("serves a repeated page from memory until any write, its own or another process's", () => {
    const dir = mkdtempSync(join(tmpdir(), "voke-plants-"));
    const path = join(dir, "voke.db");
    const s = openStore(path);
    store = s;
    const other = openStore(path);
    try {
      s.organizations.insert({ id: "org", name: "Org", createdAt: NOW, updatedAt: NOW });
      s.plants.insert(plant("a"));
      const query = { organizationId: "org", offset: 0, limit: 10 };
      const first = s.plants.list(query);
      expect(s.plants.list(query)).toBe(first);
      expect(Object.isFrozen(first.items[0])).toBe(true);

      s.plants.update("a", { name: "Renamed" });
      expect(s.plants.list(query).items[0]?.name).toBe("Renamed");
      // A write that bypasses the plant store (the broker's presence statements) counts as well.
      s.db.sqlite.prepare("UPDATE plants SET last_seen_at = ? WHERE id = 'a'").run(NOW);
      expect(s.plants.list(query).items[0]?.lastSeenAt).toBe(NOW);

      other.plants.insert(plant("b"));
      expect(s.plants.list(query)).toMatchObject({ total: 2, items: [{ id: "a" }, { id: "b" }] });
      other.db.sqlite.prepare("DELETE FROM plants WHERE id = 'b'").run();
      expect(s.plants.list(query).total).toBe(1);
    } finally {
      other.close();
      s.close();
      store = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a second plant with the same serial number", () => {
    const s = open();
    s.plants.insert(plant("a"));
    expect(() => s.plants.insert(plant("b", { serialNumber: "SN-a" }))).toThrow(
      /UNIQUE constraint failed: plants.serial_number/,
    );
  });
});
