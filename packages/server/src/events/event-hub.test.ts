import { describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import { createOrganization } from "../services/organizations.ts";
import { openStore, type Store } from "../storage/store.ts";
import { createEventHub, type EventRecord } from "./event-hub.ts";

const everything = (organizationId: string) => ({
  organizationId,
  plantIds: new Set<string>(),
  types: new Set<never>(),
});

function plantIn(store: Store, organizationId: string, id: string) {
  store.db.sqlite
    .prepare(
      `INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, lifecycle_status, status,
         metadata, created_at, updated_at) VALUES (?, ?, 'P', ?, 'SENSOR', 'MTLS', 'PENDING', 'OFFLINE', '{}', 't', 't')`,
    )
    .run(id, organizationId, `SN-${id}`);
}

describe("event hub", () => {
  it("keeps ids growing and the replay window across a restart over the same database", () => {
    const clock = createFixedClock("2026-01-01T00:00:00Z");
    const store = openStore(":memory:");
    const org = createOrganization(store, clock, "Org").id;
    plantIn(store, org, "p1");
    const before = createEventHub({ store, clock });
    for (const n of [1, 2, 3]) before.publish({ type: "telemetry", plantId: "p1", data: { n } });
    before.shutdown();

    const after = createEventHub({ store, clock });
    const live: EventRecord[] = [];
    const subscription = after.subscribe(everything(org), 1, (event) => live.push(event));
    expect(subscription.gap).toBe(false);
    expect(subscription.backlog.map((event) => [event.id, event.data.n])).toEqual([
      [2, 2],
      [3, 3],
    ]);
    after.publish({ type: "telemetry", plantId: "p1", data: { n: 4 } });
    expect(live.map((event) => event.id)).toEqual([4]);
    store.close();
  });

  it("reports a gap when the requested id has left the window, and prunes the table to it", () => {
    const clock = createFixedClock("2026-01-01T00:00:00Z");
    const store = openStore(":memory:");
    const org = createOrganization(store, clock, "Org").id;
    plantIn(store, org, "p1");
    const hub = createEventHub({ store, clock, replayWindow: 10 });
    for (let n = 0; n < 1100; n++) hub.publish({ type: "telemetry", plantId: "p1", data: { n } });
    hub.flush();
    const subscription = hub.subscribe(everything(org), 5, () => {});
    expect(subscription.gap).toBe(true);
    expect(subscription.backlog.length).toBeLessThanOrEqual(10 + 1000);
    expect(subscription.backlog.at(-1)?.id).toBe(1100);
    const kept = store.db.sqlite.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number };
    expect(kept.n).toBeLessThan(1100);
    store.close();
  });

  it("drops events of plants it cannot place in an organization", () => {
    const clock = createFixedClock("2026-01-01T00:00:00Z");
    const store = openStore(":memory:");
    const hub = createEventHub({ store, clock });
    hub.publish({ type: "telemetry", plantId: "ghost", data: {} });
    hub.flush();
    expect(store.events.lastId()).toBe(0);
    store.close();
  });
});
