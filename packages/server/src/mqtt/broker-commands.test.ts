// Commands through the real broker: delivered at once to a subscribed plant, queued while it is away and
// delivered when it subscribes (also after a restart), signed by the server, and settled by ack, time-out or expiry.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BrokerFixture,
  eventually,
  fresh,
  publishSigned,
  startBrokerFixture,
  type TestPlant,
} from "./broker-test-fixture.ts";

let fx: BrokerFixture;

beforeAll(async () => {
  fx = await startBrokerFixture({ ackTimeoutSeconds: 60, commandTtlSeconds: 3600 });
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => {
  fx.clock.set(new Date());
});

interface ReceivedCommand {
  topic: string;
  body: Record<string, unknown>;
  bodyText: string;
  sig: string;
}

/** Collects every message the client receives, parsed as a signed envelope. */
function inbox(client: MqttClient): ReceivedCommand[] {
  const received: ReceivedCommand[] = [];
  client.on("message", (topic, payload) => {
    const envelope = JSON.parse(payload.toString("utf8")) as { body: string; sig: string };
    received.push({ topic, body: JSON.parse(envelope.body), bodyText: envelope.body, sig: envelope.sig });
  });
  return received;
}

async function subscribed(plant: TestPlant): Promise<{ client: MqttClient; received: ReceivedCommand[] }> {
  const client = await fx.connect(plant);
  const received = inbox(client);
  await client.subscribeAsync(plant.topics.commands, { qos: 1 });
  return { client, received };
}

const ack = (
  client: MqttClient,
  plant: TestPlant,
  cmdId: string,
  status: string,
  response?: Record<string, unknown>,
) =>
  publishSigned(client, plant, plant.topics.ack, {
    ...fresh(fx.clock),
    cmdId,
    status,
    ...(response ? { response } : {}),
  });

describe("delivery", () => {
  it("publishes a command to a subscribed plant at once, signed with its secret, and marks it SENT", async () => {
    const plant = await fx.createPlant("MTLS");
    const { received } = await subscribed(plant);
    const sentAt = fx.clock.now().toISOString();
    const { cmdId } = fx.queueCommand(plant.id, "set-power-limit", { limitW: 3000 });

    const [message] = await eventually(() => received.length === 1 && received);
    expect(message?.topic).toBe(plant.topics.commands);
    expect(message?.body).toEqual({
      ts: sentAt,
      nonce: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cmdId,
      command: "set-power-limit",
      payload: { limitW: 3000 },
      target: null,
      expiresAt: fx.command(cmdId).expiresAt,
    });
    const expected = createHmac("sha256", Buffer.from(plant.secret, "utf8"))
      .update(`${plant.id}.${message?.bodyText}`, "utf8")
      .digest("hex");
    expect(message?.sig).toBe(expected);
    expect(fx.command(cmdId)).toMatchObject({ status: "SENT", sentAt, ackedAt: null });
  });

  it("keeps commands QUEUED while the plant is away and delivers them oldest first when it subscribes", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const first = fx.queueCommand(plant.id, "reboot");
    fx.clock.advance(1000);
    const second = fx.queueCommand(plant.id, "sync-config");
    expect(fx.command(first.cmdId).status).toBe("QUEUED");

    // Connected but not yet subscribed: still queued.
    const client = await fx.connect(plant);
    const received = inbox(client);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(0);
    expect(fx.command(first.cmdId).status).toBe("QUEUED");

    await client.subscribeAsync(plant.topics.commands, { qos: 1 });
    await eventually(() => received.length === 2);
    expect(received.map((message) => message.body.cmdId)).toEqual([first.cmdId, second.cmdId]);
    expect(fx.command(second.cmdId).status).toBe("SENT");
  });

  it("delivers to a persistent session whose subscription is restored on reconnect", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const clientId = plant.id;
    const before = await fx.connect(plant, { clean: false, clientId });
    await before.subscribeAsync(plant.topics.commands, { qos: 1 });
    await before.endAsync();
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");

    const { cmdId } = fx.queueCommand(plant.id, "reboot");
    const after = await fx.connect(plant, { clean: false, clientId });
    const received = inbox(after);
    await eventually(() => received.length === 1);
    expect(received[0]?.body.cmdId).toBe(cmdId);
  });
});

describe("acks", () => {
  it("turns ack OK into SUCCEEDED and ERROR / REJECTED into FAILED, with the response", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const { client, received } = await subscribed(plant);
    const ok = fx.queueCommand(plant.id, "reboot");
    const error = fx.queueCommand(plant.id, "reboot");
    const rejected = fx.queueCommand(plant.id, "reboot");
    await eventually(() => received.length === 3);

    fx.clock.advance(2000);
    await ack(client, plant, ok.cmdId, "OK", { uptimeS: 3 });
    await ack(client, plant, error.cmdId, "ERROR", { reason: "busy" });
    await ack(client, plant, rejected.cmdId, "REJECTED");
    await eventually(() => fx.command(rejected.cmdId).status === "FAILED");
    expect(fx.command(ok.cmdId)).toMatchObject({
      status: "SUCCEEDED",
      ackedAt: fx.clock.now().toISOString(),
      responseStatus: "OK",
      response: { uptimeS: 3 },
    });
    expect(fx.command(error.cmdId)).toMatchObject({
      status: "FAILED",
      responseStatus: "ERROR",
      response: { reason: "busy" },
    });
    expect(fx.command(rejected.cmdId)).toMatchObject({
      status: "FAILED",
      responseStatus: "REJECTED",
      response: null,
    });
    expect(fx.plant(plant.id).messageRefusalCount).toBe(0);
  });

  it("ignores a repeated ack and an unknown cmdId, and counts an ack for another plant's command", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const other = await fx.createPlant("PASSWORD");
    const { client, received } = await subscribed(plant);
    const mine = fx.queueCommand(plant.id, "reboot");
    const theirs = fx.queueCommand(other.id, "reboot");
    await eventually(() => received.length === 1);

    await ack(client, plant, mine.cmdId, "OK");
    await eventually(() => fx.command(mine.cmdId).status === "SUCCEEDED");
    await ack(client, plant, mine.cmdId, "ERROR");
    await ack(client, plant, randomUUID(), "OK");
    await ack(client, plant, theirs.cmdId, "OK");
    await eventually(() => fx.plant(plant.id).messageRefusalCount === 1);
    expect(fx.command(mine.cmdId)).toMatchObject({ status: "SUCCEEDED", responseStatus: "OK" });
    expect(fx.command(theirs.cmdId).status).toBe("QUEUED");
  });
});

describe("time-outs and expiry", () => {
  it("marks a SENT command TIMED_OUT when no ack comes within the ack timeout, and ignores a late ack", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const { client, received } = await subscribed(plant);
    const { cmdId } = fx.queueCommand(plant.id, "reboot");
    await eventually(() => received.length === 1);

    fx.clock.advance(59_000);
    await fx.broker.sweep();
    expect(fx.command(cmdId).status).toBe("SENT");

    fx.clock.advance(1000);
    await fx.broker.sweep();
    expect(fx.command(cmdId).status).toBe("TIMED_OUT");

    await ack(client, plant, cmdId, "OK");
    await publishSigned(client, plant, plant.topics.status, {
      ...fresh(fx.clock),
      esiState: "after-late-ack",
    });
    await eventually(() => fx.plant(plant.id).esiState === "after-late-ack");
    expect(fx.command(cmdId)).toMatchObject({ status: "TIMED_OUT", ackedAt: null });
  });

  it("marks a command still QUEUED past its time to live EXPIRED and never delivers it", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const { cmdId } = fx.queueCommand(plant.id, "reboot");
    fx.clock.advance(3600 * 1000);
    await fx.broker.sweep();
    expect(fx.command(cmdId).status).toBe("EXPIRED");

    fx.clock.set(new Date());
    const late = fx.queueCommand(plant.id, "sync-config");
    const { received } = await subscribed(plant);
    await eventually(() => received.length === 1);
    expect(received.map((message) => message.body.cmdId)).toEqual([late.cmdId]);
    expect(fx.command(cmdId).status).toBe("EXPIRED");
  });
});

describe("across a restart", () => {
  it("delivers commands queued before the restart when the plant subscribes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voke-mqtt-commands-"));
    const options = { databasePath: join(dir, "voke.db"), caDir: dir, encryptionKey: randomBytes(32) };
    try {
      const first = await startBrokerFixture(options);
      const plant = await first.createPlant("PASSWORD");
      const { cmdId } = first.queueCommand(plant.id, "reboot");
      await first.broker.close();
      first.store.close();

      const second = await startBrokerFixture(options);
      try {
        const client = await second.connect(plant);
        const received = inbox(client);
        await client.subscribeAsync(plant.topics.commands, { qos: 1 });
        await eventually(() => received.length === 1);
        expect(received[0]?.body.cmdId).toBe(cmdId);
        expect(second.command(cmdId).status).toBe("SENT");
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
