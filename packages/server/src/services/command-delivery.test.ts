import { describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import type { NewEvent } from "../events/event-hub.ts";
import { openStore } from "../storage/store.ts";
import { createCommandDelivery } from "./command-delivery.ts";
import { createOrganization } from "./organizations.ts";

describe("command delivery events", () => {
  it("publishes SENT, TIMED_OUT and EXPIRED state changes to the event stream", () => {
    const clock = createFixedClock("2026-01-01T00:00:00Z");
    const store = openStore(":memory:");
    const org = createOrganization(store, clock, "Org").id;
    store.db.sqlite
      .prepare(
        `INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, metadata, created_at, updated_at)
         VALUES ('p1', ?, 'P', 'SN-1', 'SENSOR', 'PASSWORD', '{}', 't', 't')`,
      )
      .run(org);
    const command = (id: string, expiresAt: string) => ({
      id,
      plantId: "p1",
      cmdId: id,
      command: "reboot",
      payload: null,
      target: null,
      status: "QUEUED" as const,
      createdAt: "2026-01-01T00:00:00.000Z",
      sentAt: null,
      ackedAt: null,
      responseStatus: null,
      response: null,
      expiresAt,
    });
    store.commands.insert(command("c1", "2026-01-02T00:00:00.000Z"));
    store.commands.insert(command("c2", "2026-01-01T00:00:30.000Z"));
    const published: NewEvent[] = [];
    const delivery = createCommandDelivery({
      store,
      clock,
      ackTimeoutSeconds: 10,
      events: { publish: (event) => published.push(event) },
    });
    expect(delivery.markSent("c1", clock.now().toISOString())).toBe(true);
    clock.advance(60_000);
    expect(delivery.sweep()).toEqual({ timedOut: 1, expired: 1 });
    expect(published.map((event) => [event.data.commandId, event.data.status])).toEqual([
      ["c1", "SENT"],
      ["c1", "TIMED_OUT"],
      ["c2", "EXPIRED"],
    ]);
    store.close();
  });
});
