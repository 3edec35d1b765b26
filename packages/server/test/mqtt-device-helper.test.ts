/**
 * The device helper (`@voke/device`) against a bare TLS broker that records everything: credentials per
 * auth method, signed publishes resolved on PUBACK, command checks and acks, reconnection with backoff and
 * a fresh token per attempt, refusals, and a clean close.
 */
import {
  connectPlant,
  DeviceError,
  encodeEnvelope,
  type PlantConnection,
  signEnvelope,
  verifyEnvelope,
} from "@voke/device";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestBroker, type TestBroker } from "./mqtt-test-broker.ts";

let broker: TestBroker;
const open: PlantConnection[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  broker.refuseWith = undefined;
  broker.holdPublishes = false;
  await Promise.all(open.splice(0).map((plant) => plant.close(100)));
});
afterAll(async () => {
  await broker.close();
});

const target = () => ({ host: "127.0.0.1", port: broker.port });
const track = (plant: PlantConnection) => {
  open.push(plant);
  return plant;
};

function commandFor(plantId: string, secret: string, cmdId: string, command = "reboot"): string {
  return encodeEnvelope(
    signEnvelope(plantId, secret, {
      ts: new Date().toISOString(),
      nonce: `nonce-${cmdId}`,
      cmdId,
      command,
      payload: { delayS: 1 },
      target: null,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    }),
  );
}

describe("connecting", () => {
  it("MTLS: presents the package's client certificate, client id = plant id, no username or password", async () => {
    const pkg = await broker.packageFor("MTLS");
    const plant = track(await connectPlant(pkg, target()));
    expect(plant.connected).toBe(true);
    const connect = broker.connects.find((c) => c.clientId === pkg.plantId);
    expect(connect).toEqual({
      clientId: pkg.plantId,
      username: undefined,
      password: undefined,
      certificateCommonName: pkg.plantId,
    });
    expect(broker.subscriptions).toContain(pkg.mqtt.topics.commands);
  });

  it("PASSWORD: username = plant id, password = hmacSecret (or the override after a rotation)", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    track(await connectPlant(pkg, target()));
    expect(broker.connects.find((c) => c.clientId === pkg.plantId)).toMatchObject({
      username: pkg.plantId,
      password: pkg.security.hmacSecret,
      certificateCommonName: undefined,
    });
    const rotated = await broker.packageFor("PASSWORD");
    const plant = track(
      await connectPlant(rotated, { ...target(), hmacSecret: "rotated-secret-0123456789" }),
    );
    expect(broker.connects.find((c) => c.clientId === rotated.plantId)?.password).toBe(
      "rotated-secret-0123456789",
    );
    await plant.publishTelemetry({ soc: 1 });
    const sent = broker.published.find((p) => p.topic === rotated.mqtt.topics.telemetry);
    expect(verifyEnvelope(rotated.plantId, "rotated-secret-0123456789", sent?.payload ?? "").ok).toBe(true);
  });

  it("TOKEN: uses options.token as the password", async () => {
    const pkg = await broker.packageFor("TOKEN");
    track(await connectPlant(pkg, { ...target(), token: "jwt-1" }));
    expect(broker.connects.find((c) => c.clientId === pkg.plantId)).toMatchObject({
      username: pkg.plantId,
      password: "jwt-1",
    });
  });

  it("rejects a refused first connection with the CONNACK return code", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    broker.refuseWith = 5;
    const attempt = connectPlant(pkg, target());
    await expect(attempt).rejects.toBeInstanceOf(DeviceError);
    await expect(attempt).rejects.toMatchObject({ code: "CONNECTION_REFUSED", reasonCode: 5 });
  });

  it("refuses a broker whose certificate is not from the package's CA", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const stranger = await startTestBroker();
    try {
      const other = await stranger.packageFor("PASSWORD");
      const mixed = { ...pkg, security: { ...pkg.security, caCert: other.security.caCert } };
      await expect(connectPlant(mixed, target())).rejects.toMatchObject({ code: "TLS" });
      expect(broker.connects.some((c) => c.clientId === pkg.plantId)).toBe(false);
    } finally {
      await stranger.close();
    }
  });

  it("checks the broker's name: a package naming another host fails TLS", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const renamed = { ...pkg, mqtt: { ...pkg.mqtt, broker: "mqtt.elsewhere.example" } };
    await expect(connectPlant(renamed, target())).rejects.toMatchObject({ code: "TLS" });
  });

  it("refuses bad options before touching the network", async () => {
    const token = await broker.packageFor("TOKEN");
    await expect(connectPlant(token, target())).rejects.toThrow(
      "a TOKEN plant needs options.token or options.getToken",
    );
    const password = await broker.packageFor("PASSWORD");
    await expect(connectPlant(password, { ...target(), token: "x" })).rejects.toThrow(/for TOKEN plants/);
    await expect(connectPlant(password, { port: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("publishing", () => {
  it("signs telemetry and status with ts and a fresh nonce, resolving on PUBACK", async () => {
    const pkg = await broker.packageFor("MTLS");
    const at = new Date("2030-01-02T03:04:05.000Z");
    const plant = track(await connectPlant(pkg, { ...target(), clock: { now: () => at } }));
    const first = await plant.publishTelemetry({ producedKwh: 10.5, soc: 80 });
    const second = await plant.publishTelemetry({ producedKwh: 11 });
    await plant.publishStatus({ esiState: "PLC_READY", plantWithLoad: false });
    expect(first).toMatchObject({ topic: pkg.mqtt.topics.telemetry, ts: "2030-01-02T03:04:05.000Z" });
    expect(first.nonce).not.toBe(second.nonce);
    const mine = broker.published.filter((p) => p.topic.startsWith(`voke/v1/${pkg.plantId}/`));
    const bodies = mine.map((p) => {
      const check = verifyEnvelope(pkg.plantId, pkg.security.hmacSecret, p.payload);
      if (!check.ok) throw new Error(check.message);
      return [p.topic.split("/").at(-1), check.body];
    });
    expect(bodies).toEqual([
      ["telemetry", { ts: at.toISOString(), nonce: first.nonce, metrics: { producedKwh: 10.5, soc: 80 } }],
      ["telemetry", { ts: at.toISOString(), nonce: second.nonce, metrics: { producedKwh: 11 } }],
      [
        "status",
        { ts: at.toISOString(), nonce: expect.any(String), esiState: "PLC_READY", plantWithLoad: false },
      ],
    ]);
  });

  it("throws on bad metrics at the call, before anything is sent", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, target()));
    expect(() => plant.publishTelemetry({ soc: Number.NaN })).toThrow('metric "soc" must be a finite number');
    expect(broker.published.some((p) => p.topic === pkg.mqtt.topics.telemetry)).toBe(false);
  });

  it("holds a publish made while the link is down and delivers it after the reconnection", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, { ...target(), reconnect: { minMs: 200, maxMs: 200 } }));
    const disconnected = new Promise((resolve) => plant.on("disconnect", resolve));
    broker.client(pkg.plantId)?.close();
    await disconnected;
    expect(plant.connected).toBe(false);
    const receipt = await plant.publishTelemetry({ soc: 42 });
    expect(broker.connects.filter((c) => c.clientId === pkg.plantId)).toHaveLength(2);
    const delivered = broker.published.filter((p) => p.topic === pkg.mqtt.topics.telemetry);
    expect(delivered).toHaveLength(1);
    const check = verifyEnvelope(pkg.plantId, pkg.security.hmacSecret, delivered[0]?.payload ?? "");
    expect(check.ok && check.body.nonce).toBe(receipt.nonce);
  });

  it("resends a publish whose PUBACK was lost, flagged DUP, and resolves once it is acknowledged", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, { ...target(), reconnect: { minMs: 20, maxMs: 20 } }));
    broker.holdPublishes = true;
    let settled = false;
    const receipt = plant.publishTelemetry({ soc: 7 }).finally(() => {
      settled = true;
    });
    await broker.until(
      () => broker.published.some((p) => p.topic === pkg.mqtt.topics.telemetry),
      "the first copy",
    );
    expect(settled).toBe(false);
    broker.holdPublishes = false;
    broker.client(pkg.plantId)?.close();
    const { nonce } = await receipt;
    const copies = broker.published.filter((p) => p.topic === pkg.mqtt.topics.telemetry);
    expect(copies.map((p) => p.dup)).toEqual([false, true]);
    expect(copies[1]?.payload).toBe(copies[0]?.payload);
    const check = verifyEnvelope(pkg.plantId, pkg.security.hmacSecret, copies[1]?.payload ?? "");
    expect(check.ok && check.body.nonce).toBe(nonce);
  });
});

describe("commands", () => {
  it("runs a signed command and acks with the handler's answer, signed", async () => {
    const pkg = await broker.packageFor("MTLS");
    const plant = track(await connectPlant(pkg, target()));
    plant.onCommand((command) => ({
      status: "OK",
      response: { did: command.command, payload: command.payload },
    }));
    await broker.publish(pkg.mqtt.topics.commands, commandFor(pkg.plantId, pkg.security.hmacSecret, "cmd-1"));
    await broker.until(() => broker.published.some((p) => p.topic === pkg.mqtt.topics.ack), "the ack");
    const ack = broker.published.find((p) => p.topic === pkg.mqtt.topics.ack);
    const check = verifyEnvelope(pkg.plantId, pkg.security.hmacSecret, ack?.payload ?? "");
    expect(check.ok && check.body).toMatchObject({
      cmdId: "cmd-1",
      status: "OK",
      response: { did: "reboot", payload: { delayS: 1 } },
    });
  });

  it("acks a thrown error as ERROR with its message", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, target()));
    plant.onCommand(async () => {
      throw new Error("relay stuck");
    });
    await broker.publish(
      pkg.mqtt.topics.commands,
      commandFor(pkg.plantId, pkg.security.hmacSecret, "cmd-err"),
    );
    await broker.until(() => broker.published.some((p) => p.topic === pkg.mqtt.topics.ack), "the ack");
    const ack = broker.published.find((p) => p.topic === pkg.mqtt.topics.ack);
    const check = verifyEnvelope(pkg.plantId, pkg.security.hmacSecret, ack?.payload ?? "");
    expect(check.ok && check.body).toMatchObject({
      cmdId: "cmd-err",
      status: "ERROR",
      response: { message: "relay stuck" },
    });
  });

  it("drops unsigned and badly signed commands, reports them and never acks them", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, target()));
    let runs = 0;
    plant.onCommand(() => {
      runs += 1;
    });
    const rejected: string[] = [];
    plant.on("commandRejected", (rejection) => rejected.push(rejection.reason));
    const signed = JSON.parse(commandFor(pkg.plantId, pkg.security.hmacSecret, "cmd-x")) as { body: string };
    await broker.publish(pkg.mqtt.topics.commands, JSON.stringify({ body: signed.body }));
    await broker.publish(pkg.mqtt.topics.commands, commandFor(pkg.plantId, "not-the-plant-secret", "cmd-y"));
    await broker.publish(pkg.mqtt.topics.commands, "{not json");
    // A good command afterwards proves the bad ones were processed (and dropped) first.
    await broker.publish(
      pkg.mqtt.topics.commands,
      commandFor(pkg.plantId, pkg.security.hmacSecret, "cmd-ok"),
    );
    await broker.until(
      () => broker.published.some((p) => p.topic === pkg.mqtt.topics.ack),
      "the good command's ack",
    );
    expect(rejected).toEqual(["UNSIGNED", "BAD_SIGNATURE", "BAD_JSON"]);
    expect(runs).toBe(1);
    const acks = broker.published.filter((p) => p.topic === pkg.mqtt.topics.ack);
    expect(acks).toHaveLength(1);
  });

  it("keeps commands that arrive before a handler is set and runs them once it is", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, target()));
    await broker.publish(pkg.mqtt.topics.commands, commandFor(pkg.plantId, pkg.security.hmacSecret, "early"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(broker.published.some((p) => p.topic === pkg.mqtt.topics.ack)).toBe(false);
    plant.onCommand(() => ({ response: { late: true } }));
    await broker.until(() => broker.published.some((p) => p.topic === pkg.mqtt.topics.ack), "the ack");
  });
});

describe("reconnecting", () => {
  it("fetches a fresh token before every attempt and resubscribes", async () => {
    const pkg = await broker.packageFor("TOKEN");
    let issued = 0;
    const plant = track(
      await connectPlant(pkg, {
        ...target(),
        getToken: async () => `jwt-${++issued}`,
        reconnect: { minMs: 10, maxMs: 20 },
      }),
    );
    const reconnected = new Promise((resolve) => plant.on("connect", resolve));
    broker.client(pkg.plantId)?.close();
    expect(await reconnected).toEqual({ reconnected: true });
    const passwords = broker.connects.filter((c) => c.clientId === pkg.plantId).map((c) => c.password);
    expect(passwords).toEqual(["jwt-1", "jwt-2"]);
    expect(broker.subscriptions.filter((topic) => topic === pkg.mqtt.topics.commands)).toHaveLength(2);
  });

  it("backs off with growing, jittered delays while refused, reporting each refusal, then recovers", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = track(await connectPlant(pkg, { ...target(), reconnect: { minMs: 20, maxMs: 160 } }));
    const delays: number[] = [];
    const errors: DeviceError[] = [];
    plant.on("reconnecting", ({ delayMs }) => delays.push(delayMs));
    plant.on("error", (error) => errors.push(error));
    broker.refuseWith = 4;
    broker.client(pkg.plantId)?.close();
    await broker.until(() => delays.length >= 5, "five reconnection attempts");
    broker.refuseWith = undefined;
    await broker.until(() => plant.connected, "the recovery");
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors[0]).toMatchObject({ code: "CONNECTION_REFUSED", reasonCode: 4 });
    // Ceilings 20, 40, 80, 160, 160: each delay in [ceiling/2, ceiling], never below minMs.
    const ceilings = [20, 40, 80, 160, 160];
    delays.slice(0, 5).forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(Math.max(20, (ceilings[i] as number) / 2));
      expect(delay).toBeLessThanOrEqual(ceilings[i] as number);
    });
  });

  it("reports a failing getToken and keeps trying", async () => {
    const pkg = await broker.packageFor("TOKEN");
    let calls = 0;
    const plant = track(
      await connectPlant(pkg, {
        ...target(),
        getToken: () => {
          calls += 1;
          if (calls === 2) throw new Error("token service down");
          return `jwt-${calls}`;
        },
        reconnect: { minMs: 10, maxMs: 10 },
      }),
    );
    const errors: DeviceError[] = [];
    plant.on("error", (error) => errors.push(error));
    const reconnected = new Promise((resolve) => plant.on("connect", resolve));
    broker.client(pkg.plantId)?.close();
    await reconnected;
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ["TOKEN", "getToken() failed: token service down"],
    ]);
    expect(broker.connects.filter((c) => c.clientId === pkg.plantId).map((c) => c.password)).toEqual([
      "jwt-1",
      "jwt-3",
    ]);
  });
});

describe("closing", () => {
  it("sends DISCONNECT, stops reconnecting, and refuses later publishes", async () => {
    const pkg = await broker.packageFor("PASSWORD");
    const plant = await connectPlant(pkg, { ...target(), reconnect: { minMs: 10, maxMs: 10 } });
    const events: string[] = [];
    plant.on("disconnect", () => events.push("disconnect"));
    plant.on("reconnecting", () => events.push("reconnecting"));
    await plant.close();
    await broker.until(() => broker.client(pkg.plantId) === undefined, "the broker to see the disconnect");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(events).toEqual(["disconnect"]);
    expect(plant.connected).toBe(false);
    expect(broker.connects.filter((c) => c.clientId === pkg.plantId)).toHaveLength(1);
    await expect(plant.publishTelemetry({ soc: 1 })).rejects.toMatchObject({ code: "CLOSED" });
  });
});
