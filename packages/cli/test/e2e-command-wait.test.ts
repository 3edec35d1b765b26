/**
 * The whole loop through real processes: the server with its MQTT broker, `voke device simulate` as the
 * plant, and `voke commands send --wait` waiting for its answer — success (0), a device failure (8), no
 * answer (7) — plus a plant cut off by suspend (the simulator exits 4 with --exit-on-refusal).
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuthMethod, Command, PlantDetail } from "@voke/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildVoke,
  createVokeRunner,
  type E2eServer,
  type RunningVoke,
  serialNumber,
  startE2eServer,
  type VokeRunner,
} from "./e2e-support.ts";

let server: E2eServer;
let voke: VokeRunner;
const simulators: RunningVoke[] = [];
const dir = mkdtempSync(join(tmpdir(), "voke-e2e-wait-"));

beforeAll(async () => {
  const [started, entry] = await Promise.all([startE2eServer(), buildVoke()]);
  server = started;
  if (server.mqttPort === undefined) {
    throw new Error(
      "the server's listening line names no mqtt= port: it runs no MQTT broker, so there is no loop to test",
    );
  }
  voke = createVokeRunner(entry, { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: server.adminToken });
});
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop("SIGKILL")));
});
afterAll(async () => {
  await server?.stop();
});

/** A new plant and its package file, downloaded with `voke provision download`. */
async function plantWithPackage(authMethod: AuthMethod): Promise<{ id: string; file: string }> {
  const serial = serialNumber("LOOP");
  const plant = await server.api.plants.create({
    name: `Loop ${authMethod}`,
    serialNumber: serial,
    type: "GATEWAY",
    authMethod,
  });
  const file = join(dir, `voke-${serial}.json`);
  const download = await voke.run(["provision", "download", plant.id, "--file", file]);
  if (download.code !== 0) throw new Error(`provision download failed: ${download.stderr}`);
  return { id: plant.id, file };
}

/** Starts `voke device simulate` and waits until the plant is connected. */
async function simulate(file: string, args: string[] = []): Promise<RunningVoke> {
  const simulator = voke.spawn(["device", "simulate", "--package", file, "--interval", "500ms", ...args]);
  simulators.push(simulator);
  await simulator.waitForStderr(/connected plant /, 20_000);
  return simulator;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("commands send --wait with a simulated device", () => {
  it("exits 0 with the device's answer; the plant reported its status and became ACTIVE", async () => {
    const plant = await plantWithPackage("MTLS");
    const simulator = await simulate(plant.file);
    const result = await voke.run([
      "commands",
      "send",
      plant.id,
      "reboot",
      "--payload",
      '{"delayS":1}',
      "--wait",
      "-o",
      "json",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      plantId: plant.id,
      command: "reboot",
      payload: { delayS: 1 },
      status: "SUCCEEDED",
      responseStatus: "OK",
      response: { simulated: true, command: "reboot" },
    });
    await simulator.waitForStderr(/command acked reboot cmdId=\S+ status=OK/);

    const detail = await eventually(
      async () =>
        JSON.parse((await voke.run(["plants", "get", plant.id, "-o", "json"])).stdout) as PlantDetail,
      (p) => p.esiState !== null,
      "the status message to be stored",
    );
    expect(detail).toMatchObject({
      lifecycleStatus: "ACTIVE",
      status: "ONLINE",
      esiState: "PLC_READY",
      capacityKwh: 10,
      fvePeakPowerKwp: 6.5,
      plantWithLoad: true,
      configEnabled: true,
    });
  });

  it("exits 8 when the device answers ERROR (device simulate --fail-commands)", async () => {
    const plant = await plantWithPackage("PASSWORD");
    await simulate(plant.file, ["--fail-commands"]);
    const result = await voke.run(["commands", "send", plant.id, "set-limit", "--wait", "--timeout", "20s"]);
    expect(result.code).toBe(8);
    expect(result.stdout).toMatch(/\tFAILED\n/);
    expect(result.stdout).toContain('"simulated failure (--fail-commands)"');
    expect(result.stderr).toMatch(
      /^error: the plant answered ERROR to command [0-9a-f-]{36} \(set-limit\)\n$/,
    );
  });

  it("exits 7 when the plant is offline; the queued command is answered once it is back", async () => {
    const plant = await plantWithPackage("MTLS");
    const first = await simulate(plant.file);
    const stopped = await first.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/disconnected DISCONNECT sent\n.*stopped on request\n$/);
    await eventually(
      async () => (await server.api.plants.get(plant.id)).status,
      (status) => status === "OFFLINE",
      "the plant to go OFFLINE",
    );

    const waited = await voke.run([
      "commands",
      "send",
      plant.id,
      "ping",
      "--wait",
      "--timeout",
      "1500ms",
      "-o",
      "json",
    ]);
    expect(waited.code).toBe(7);
    const queued = JSON.parse(waited.stdout) as Command;
    expect(queued.status).toBe("QUEUED");
    expect(JSON.parse(waited.stderr).error.code).toBe("WAIT_TIMEOUT");

    await simulate(plant.file);
    const listed = await eventually(
      async () =>
        JSON.parse((await voke.run(["commands", "list", plant.id, "-o", "json"])).stdout) as Command[],
      (commands) => commands.find((command) => command.id === queued.id)?.status === "SUCCEEDED",
      "the queued command to be delivered and answered",
    );
    expect(listed.find((command) => command.id === queued.id)).toMatchObject({ responseStatus: "OK" });
  });
});

describe("device simulate against the server", () => {
  it("TOKEN with --token-from-api connects; suspend cuts it off and --exit-on-refusal exits 4", async () => {
    const plant = await plantWithPackage("TOKEN");
    const simulator = await simulate(plant.file, ["--token-from-api", "--exit-on-refusal", "--debug"]);
    expect(simulator.stderr()).toMatch(/token issued expires \d{4}-/);

    const suspended = await voke.run(["plants", "suspend", plant.id]);
    expect(suspended.code).toBe(0);
    const result = await simulator.exited;
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/disconnected /);
    expect(result.stderr).toMatch(/refused (CONNECTION_REFUSED|TOKEN): /);
    expect(result.stderr).toContain(`error: the broker refused plant ${plant.id}`);
    // --debug traced the token request; the JWT itself never reached the log.
    expect(result.stderr).toMatch(/debug: .*mqtt-token/);
    expect(result.stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(result.stderr).not.toContain(server.adminToken);
  });
});
