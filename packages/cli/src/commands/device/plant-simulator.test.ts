import {
  type CommandHandler,
  createBackoff,
  DeviceError,
  type PlantCommand,
  type PlantConnection,
  type PlantConnectionEvents,
} from "@voke/device";
import { describe, expect, it } from "vitest";
import { simulatePlant } from "./plant-simulator.ts";
import { createSolarPlant } from "./solar-model.ts";

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";

/** A PlantConnection double: records what is published, lets the test emit events. */
function fakeConnection() {
  const listeners = new Map<string, ((value: unknown) => void)[]>();
  const published: { topic: string; body: object }[] = [];
  let closed = 0;
  const connection = {
    plantId: PLANT_ID,
    topics: { telemetry: "t", status: "s", ack: "a", commands: "c" },
    connected: true,
    publishTelemetry: async (metrics: object) => {
      published.push({ topic: "telemetry", body: metrics });
      return { topic: "t", ts: "", nonce: "" };
    },
    publishStatus: async (fields: object) => {
      published.push({ topic: "status", body: fields });
      return { topic: "s", ts: "", nonce: "" };
    },
    onCommand() {},
    on(event: string, listener: (value: unknown) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => {};
    },
    async close() {
      closed++;
      connection.connected = false;
      for (const listener of listeners.get("disconnect") ?? []) listener({ error: undefined });
    },
  };
  return {
    connection: connection as unknown as PlantConnection,
    published,
    closed: () => closed,
    emit<E extends keyof PlantConnectionEvents>(event: E, value: PlantConnectionEvents[E]) {
      for (const listener of listeners.get(event) ?? []) listener(value);
    },
  };
}

const command = (name: string): PlantCommand => ({
  cmdId: "cmd-1",
  command: name,
  payload: { level: 3 },
  target: null,
  expiresAt: null,
  ts: "2025-01-02T03:04:05.000Z",
  nonce: "nonce-0001",
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

function setup(
  overrides: { failCommands?: boolean; exitOnRefusal?: boolean; failures?: DeviceError[] } = {},
) {
  const fake = fakeConnection();
  const lines: string[] = [];
  const stop = new AbortController();
  let handler: CommandHandler | undefined;
  const failures = [...(overrides.failures ?? [])];
  let attempts = 0;
  const done = simulatePlant({
    connect: async (onCommand) => {
      attempts++;
      const failure = failures.shift();
      if (failure) throw failure;
      handler = onCommand;
      return fake.connection;
    },
    plant: createSolarPlant({ random: () => 0.5 }),
    log: (event, detail) => lines.push(detail ? `${event} ${detail}` : event),
    intervalMs: 20,
    failCommands: overrides.failCommands ?? false,
    exitOnRefusal: overrides.exitOnRefusal ?? false,
    stop: stop.signal,
    backoff: createBackoff({ minMs: 1, maxMs: 2 }),
    now: () => performance.now(),
  });
  return { ...fake, lines, stop, done, attempts: () => attempts, handler: () => handler };
}

describe("simulatePlant", () => {
  it("reports status once, sends telemetry every interval, and disconnects cleanly when stopped", async () => {
    const sim = setup();
    await until(() => sim.published.filter((p) => p.topic === "telemetry").length >= 3);
    sim.stop.abort();
    expect(await sim.done).toEqual({ reason: "stopped" });
    expect(sim.closed()).toBe(1);
    expect(sim.published.filter((p) => p.topic === "status")).toEqual([
      {
        topic: "status",
        body: {
          esiState: "PLC_READY",
          capacityKwh: 10,
          fvePeakPowerKwp: 6.5,
          plantWithLoad: true,
          configEnabled: true,
        },
      },
    ]);
    const telemetry = sim.published.filter((p) => p.topic === "telemetry").map((p) => p.body);
    expect(Object.keys(telemetry[0] as object)).toEqual(
      expect.arrayContaining(["producedKwh", "importedKwh", "exportedKwh", "powerKw", "soc", "temperatureC"]),
    );
    expect(sim.lines[0]).toBe(`connected plant ${PLANT_ID}`);
    expect(sim.lines).toContain(
      "status sent esiState=PLC_READY capacityKwh=10 fvePeakPowerKwp=6.5 plantWithLoad=true configEnabled=true",
    );
    expect(sim.lines.some((line) => /^telemetry sent producedKwh=\S+ importedKwh=/.test(line))).toBe(true);
    expect(sim.lines.slice(-2)).toEqual(["disconnected DISCONNECT sent", "stopped on request"]);
  });

  it("answers commands OK, or ERROR with failCommands, logging each", async () => {
    const ok = setup();
    await until(() => ok.lines.includes(`connected plant ${PLANT_ID}`));
    expect(await ok.handler()?.(command("reboot"))).toEqual({
      status: "OK",
      response: { simulated: true, command: "reboot" },
    });
    expect(ok.lines).toContain('command received reboot cmdId=cmd-1 payload={"level":3}');
    ok.emit("commandHandled", { command: command("reboot"), outcome: { status: "OK" } });
    expect(ok.lines).toContain("command acked reboot cmdId=cmd-1 status=OK");
    ok.stop.abort();
    await ok.done;

    const failing = setup({ failCommands: true });
    await until(() => failing.lines.includes(`connected plant ${PLANT_ID}`));
    expect(await failing.handler()?.(command("reboot"))).toEqual({
      status: "ERROR",
      response: { message: "simulated failure (--fail-commands)" },
    });
    failing.stop.abort();
    await failing.done;
  });

  it("retries a failed or refused first connection with backoff", async () => {
    const sim = setup({
      failures: [
        new DeviceError("NETWORK", "connect ECONNREFUSED 127.0.0.1:8883"),
        new DeviceError("CONNECTION_REFUSED", "not authorized", { reasonCode: 5 }),
      ],
    });
    await until(() => sim.lines.includes(`connected plant ${PLANT_ID}`));
    expect(sim.attempts()).toBe(3);
    expect(sim.lines[0]).toBe("connect failed NETWORK: connect ECONNREFUSED 127.0.0.1:8883");
    expect(sim.lines[1]).toMatch(/^retrying in \d\.\ds \(attempt 2\)$/);
    expect(sim.lines[2]).toBe("refused CONNECTION_REFUSED: not authorized");
    sim.stop.abort();
    expect(await sim.done).toEqual({ reason: "stopped" });
  });

  it("with exitOnRefusal ends at a refused first connection", async () => {
    const refusal = new DeviceError("CONNECTION_REFUSED", "not authorized", { reasonCode: 5 });
    const sim = setup({ exitOnRefusal: true, failures: [refusal] });
    expect(await sim.done).toEqual({ reason: "refused", error: refusal });
    expect(sim.attempts()).toBe(1);
    expect(sim.lines).toEqual(["refused CONNECTION_REFUSED: not authorized"]);
  });

  it("with exitOnRefusal ends when the broker cuts the plant off and refuses it again", async () => {
    const sim = setup({ exitOnRefusal: true });
    await until(() => sim.lines.includes(`connected plant ${PLANT_ID}`));
    sim.emit("disconnect", { error: undefined });
    sim.emit("reconnecting", { attempt: 1, delayMs: 1000 });
    const refusal = new DeviceError("CONNECTION_REFUSED", "not authorized", { reasonCode: 5 });
    sim.emit("error", refusal);
    expect(await sim.done).toEqual({ reason: "refused", error: refusal });
    expect(sim.closed()).toBe(1);
    expect(sim.lines).toEqual(
      expect.arrayContaining([
        "disconnected the broker closed the session",
        "reconnecting in 1.0s (attempt 1)",
        "refused CONNECTION_REFUSED: not authorized",
        "stopped the broker refused the plant",
      ]),
    );
  });

  it("keeps going after a refusal without exitOnRefusal, and throws for a bad package", async () => {
    const sim = setup();
    await until(() => sim.lines.includes(`connected plant ${PLANT_ID}`));
    sim.emit("error", new DeviceError("CONNECTION_REFUSED", "not authorized"));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sim.closed()).toBe(0);
    sim.stop.abort();
    await sim.done;

    const bad = setup({ failures: [new DeviceError("INVALID_PACKAGE", "mqtt.port must be an integer")] });
    await expect(bad.done).rejects.toThrow("mqtt.port must be an integer");
  });

  it("stops while still trying to connect", async () => {
    const sim = setup({ failures: Array.from({ length: 100 }, () => new DeviceError("NETWORK", "down")) });
    await until(() => sim.attempts() >= 2);
    sim.stop.abort();
    expect(await sim.done).toEqual({ reason: "stopped" });
  });
});
