import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";
import { readSse, type SseReader } from "../test-support/sse-reader.ts";

let h: TestHarness;
const open: SseReader[] = [];
afterEach(async () => {
  for (const reader of open.splice(0)) await reader.close();
  h.close();
});

async function stream(query = "", as: keyof TestHarness["tokens"] = "viewer", lastEventId?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${h.tokens[as]}` };
  if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
  const response = await h.app.request(`/api/v1/events${query}`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = readSse(response);
  open.push(reader);
  return reader;
}

const telemetry = (plantId: string, powerKw: number) =>
  h.events.publish({
    type: "telemetry",
    plantId,
    data: { ts: h.clock.now().toISOString(), metrics: { powerKw } },
  });

describe("GET /api/v1/events", () => {
  it("streams the organization's events with ids, types and times, in order", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    const reader = await stream();
    telemetry(plant.id, 1.5);
    const command = await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
    expect(command.status).toBe(200);
    const first = await reader.next();
    expect(first.event).toBe("telemetry");
    expect(JSON.parse(first.data)).toEqual({
      id: first.id,
      type: "telemetry",
      at: "2025-06-15T12:00:00.000Z",
      plantId: plant.id,
      data: { ts: "2025-06-15T12:00:00.000Z", metrics: { powerKw: 1.5 } },
    });
    const second = await reader.next();
    expect(second.event).toBe("lifecycle");
    expect(Number(second.id)).toBe(Number(first.id) + 1);
    expect(JSON.parse(second.data).data).toEqual({ from: "PENDING", to: "PROVISIONED" });
  });

  it("publishes command state changes from the REST service", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant({ authMethod: "PASSWORD" });
    await h.request("POST", `/api/v1/plants/${plant.id}/provision`);
    const reader = await stream("?type=command");
    const sent = await h.request("POST", `/api/v1/plants/${plant.id}/commands`, {
      as: "operator",
      json: { command: "reboot" },
    });
    const event = JSON.parse((await reader.next()).data);
    expect(event.data).toMatchObject({ commandId: sent.body.id, command: "reboot", status: "QUEUED" });
  });

  it("never shows another organization's events", async () => {
    h = await createTestHarness();
    const mine = await h.createPlant();
    const theirs = await h.createPlant({}, "otherAdmin");
    const reader = await stream("", "otherViewer");
    telemetry(mine.id, 1);
    telemetry(theirs.id, 2);
    const event = JSON.parse((await reader.next()).data);
    expect(event.plantId).toBe(theirs.id);
    await expect(reader.next(200)).rejects.toThrow("no event arrived in time");
  });

  it("filters by plant and by type", async () => {
    h = await createTestHarness();
    const a = await h.createPlant();
    const b = await h.createPlant();
    const reader = await stream(`?plantId=${b.id}&type=telemetry&type=alert`);
    telemetry(a.id, 1);
    h.events.publish({ type: "presence", plantId: b.id, data: { status: "ONLINE" } });
    telemetry(b.id, 2);
    const event = JSON.parse((await reader.next()).data);
    expect(event).toMatchObject({ plantId: b.id, type: "telemetry" });
  });

  it("resumes after Last-Event-ID from the replay window", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    for (const value of [1, 2, 3]) telemetry(plant.id, value);
    const first = await stream("?type=telemetry", "viewer", "0");
    const ids = [(await first.next()).id, (await first.next()).id, (await first.next()).id];
    const resumed = await stream("?type=telemetry", "viewer", ids[0]);
    expect([(await resumed.next()).id, (await resumed.next()).id]).toEqual(ids.slice(1));
  });

  it("disconnects a client that reads too slowly with a gap note, and loses nothing when it resumes", async () => {
    h = await createTestHarness({ maxQueuedEvents: 5 });
    const plant = await h.createPlant();
    const slow = await stream("?type=telemetry");
    // Nothing is read while 60 events are published: the stream's queue overflows.
    for (let n = 0; n < 60; n++) telemetry(plant.id, n);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const received: string[] = [];
    let gap: string | undefined;
    for (;;) {
      const message = await slow.next().catch(() => undefined);
      if (!message) break;
      if (message.event === "gap") gap = JSON.parse(message.data).reason;
      else received.push(message.id as string);
    }
    expect(gap).toBe("SLOW_CLIENT");
    expect(received.length).toBeLessThan(60);
    const resumed = await stream("?type=telemetry", "viewer", received.at(-1));
    for (let n = received.length; n < 60; n++) received.push((await resumed.next()).id as string);
    const ids = received.map(Number);
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => (ids[0] as number) + i));
  });

  it("ends the stream once its token is revoked, and refuses the reconnection with 401", async () => {
    h = await createTestHarness();
    const created = await h.request("POST", "/api/v1/tokens", { json: { name: "watcher", role: "viewer" } });
    const response = await h.app.request("/api/v1/events", {
      headers: { authorization: `Bearer ${created.body.token}` },
    });
    const reader = readSse(response);
    open.push(reader);
    expect((await h.request("DELETE", `/api/v1/tokens/${created.body.id}`)).status).toBeLessThan(300);
    await expect(reader.next(1000)).rejects.toThrow("the stream ended");
    const again = await h.app.request("/api/v1/events", {
      headers: { authorization: `Bearer ${created.body.token}` },
    });
    expect(again.status).toBe(401);
  });

  it("sends heartbeats while nothing happens", async () => {
    h = await createTestHarness();
    const reader = await stream();
    await expect(reader.next(300)).rejects.toThrow();
    expect(reader.comments).toContain("heartbeat");
  });

  it("refuses bad filters with 400 and callers without a token with 401", async () => {
    h = await createTestHarness();
    const bad = await h.request("GET", "/api/v1/events?plantId=nope&type=gossip", {
      headers: { "last-event-id": "x" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((issue: { path: string }) => issue.path)).toEqual([
      "plantId.0",
      "type.0",
      "Last-Event-ID",
    ]);
    expect((await h.request("GET", "/api/v1/events", { as: "anonymous" })).status).toBe(401);
  });
});
