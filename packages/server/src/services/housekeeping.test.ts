import { afterEach, describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import { createLogger } from "../logger.ts";
import { openStore, type Store } from "../storage/store.ts";
import { createApiToken } from "./api-tokens.ts";
import { pruneExpiredRecords, startHousekeeping } from "./housekeeping.ts";
import { createOrganization } from "./organizations.ts";

let store: Store | undefined;
afterEach(() => store?.close());

function seed() {
  const opened = openStore(":memory:");
  store = opened;
  const clock = createFixedClock("2025-06-01T00:00:00.000Z");
  const organization = createOrganization(opened, clock, "Acme");
  const { record } = createApiToken(opened, clock, {
    organizationId: organization.id,
    role: "admin",
    name: "t",
  });
  opened.db.sqlite
    .prepare(
      "INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, created_at, updated_at) VALUES ('p1', ?, 'P', 'S', 'SENSOR', 'MTLS', 'x', 'x')",
    )
    .run(organization.id);
  for (const day of ["2025-05-01", "2025-05-20", "2025-05-31"]) {
    opened.telemetry.insert({
      plantId: "p1",
      ts: `${day}T00:00:00.000Z`,
      metrics: { v: 1 },
      receivedAt: `${day}T00:00:00.000Z`,
    });
  }
  for (const [key, at] of [
    ["old", "2025-05-30T23:00:00.000Z"],
    ["fresh", "2025-05-31T12:00:00.000Z"],
  ]) {
    opened.idempotencyKeys.claim({
      tokenId: record.id,
      organizationId: organization.id,
      key: key as string,
      requestMethod: "POST",
      requestPath: "/api/v1/plants",
      requestHash: "h",
      bootId: null,
      createdAt: at as string,
    });
  }
  return { store: opened, clock, tokenId: record.id };
}

describe("housekeeping", () => {
  it("drops telemetry past its retention and Idempotency-Keys older than 24 hours", async () => {
    const { store, clock, tokenId } = seed();
    expect(await pruneExpiredRecords(store, clock.now(), 30)).toEqual({ telemetry: 1, idempotencyKeys: 1 });
    expect(
      store.telemetry.listForPlant("p1", "2025-01-01", "2026-01-01").map((t) => t.ts.slice(0, 10)),
    ).toEqual(["2025-05-20", "2025-05-31"]);
    expect(store.idempotencyKeys.find(tokenId, "old")).toBeUndefined();
    expect(store.idempotencyKeys.find(tokenId, "fresh")).toBeDefined();
    expect(await pruneExpiredRecords(store, clock.now(), 5)).toEqual({ telemetry: 1, idempotencyKeys: 0 });
  });

  it("deletes a large backlog in bounded chunks, letting the event loop run between them", async () => {
    const { store, clock } = seed();
    const insert = store.db.sqlite.prepare(
      "INSERT INTO telemetry (plant_id, ts, metrics, received_at) VALUES ('p1', ?, '{}', ?)",
    );
    store.transaction(() => {
      for (let i = 0; i < 23; i++) insert.run("2025-04-01T00:00:00.000Z", "2025-04-01T00:00:00.000Z");
    });
    const deletes: number[] = [];
    const deleteReceivedBefore = store.telemetry.deleteReceivedBefore;
    const counting = {
      ...store,
      telemetry: {
        ...store.telemetry,
        deleteReceivedBefore: (before: string, limit: number) => {
          const deleted = deleteReceivedBefore(before, limit);
          deletes.push(deleted);
          return deleted;
        },
      },
    };
    let otherWork = 0;
    const pruning = pruneExpiredRecords(counting, clock.now(), 30, { chunkRows: 5 });
    setImmediate(() => otherWork++);
    const removed = await pruning;
    // 23 backlog rows + the seeded one from 2025-05-01: five chunks of 5, the last one short.
    expect(removed.telemetry).toBe(24);
    expect(deletes).toEqual([5, 5, 5, 5, 4]);
    expect(otherWork).toBe(1);
    expect(store.telemetry.listForPlant("p1", "2025-01-01", "2026-01-01")).toHaveLength(2);
  });

  it("stops between chunks once stopped", async () => {
    const { store, clock } = seed();
    const insert = store.db.sqlite.prepare(
      "INSERT INTO telemetry (plant_id, ts, metrics, received_at) VALUES ('p1', ?, '{}', ?)",
    );
    for (let i = 0; i < 20; i++) insert.run("2025-04-01T00:00:00.000Z", "2025-04-01T00:00:00.000Z");
    let chunks = 0;
    const removed = await pruneExpiredRecords(store, clock.now(), 30, {
      chunkRows: 5,
      stopped: () => chunks++ >= 2,
    });
    expect(removed.telemetry).toBe(10);
  });

  it("runs at start and logs what it removed", async () => {
    const { store, clock } = seed();
    const lines: string[] = [];
    const housekeeping = startHousekeeping({
      store,
      clock,
      logger: createLogger({ level: "info", write: (line) => lines.push(line) }),
      config: { telemetryRetentionDays: 30 },
    });
    housekeeping.stop();
    await housekeeping.idle();
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      msg: "pruned expired records",
      telemetry: 1,
      idempotencyKeys: 1,
    });
  });
});
