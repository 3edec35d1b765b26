/**
 * The whole device loop, for each auth method, against the real server over real TLS: the REST API (through
 * @voke/sdk) on one side, a plant connected with @voke/device on the other.
 */

import type { PlantCommand, PlantConnection } from "@voke/device";
import type { Command } from "@voke/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AUTH_METHODS,
  connectDevice,
  eventually,
  provisionPlant,
  startVoke,
  type VokeUnderTest,
} from "./device-loop-support.ts";

let voke: VokeUnderTest;
const devices: PlantConnection[] = [];

beforeAll(async () => {
  voke = await startVoke({ env: { VOKE_COMMAND_ACK_TIMEOUT_S: "1" } });
});
afterEach(async () => {
  await Promise.all(devices.splice(0).map((device) => device.close(200)));
});
afterAll(async () => {
  await voke?.dispose();
});

const keep = (device: PlantConnection) => {
  devices.push(device);
  return device;
};

async function commandById(plantId: string, id: string): Promise<Command> {
  const page = await voke.api.commands.list(plantId, { limit: 100 });
  const command = page.data.find((c) => c.id === id);
  if (!command) throw new Error(`command ${id} is not in the plant's list`);
  return command;
}

function commandInState(plantId: string, id: string, status: Command["status"]): Promise<Command> {
  return eventually(
    () => commandById(plantId, id),
    (c) => c.status === status,
    `command ${id} to be ${status}`,
  );
}

describe.each(AUTH_METHODS)("the device loop with %s", (authMethod) => {
  it("connecting makes the plant ACTIVE and ONLINE; status reports land on it; closing makes it OFFLINE", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, authMethod);
    expect(pkg.authMethod).toBe(authMethod);
    expect(await voke.api.plants.get(plantId)).toMatchObject({
      lifecycleStatus: "PROVISIONED",
      status: "OFFLINE",
      activatedAt: null,
    });

    const device = await connectDevice(voke, pkg);
    const online = await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "the plant to be ONLINE",
    );
    expect(online.lifecycleStatus).toBe("ACTIVE");
    expect(online.activatedAt).not.toBeNull();
    expect(online.lastSeenAt).not.toBeNull();
    expect(online.authFailureCount).toBe(0);

    await device.publishStatus({
      esiState: "PLC_READY",
      capacityKwh: 120,
      fvePeakPowerKwp: 49.5,
      plantWithLoad: true,
    });
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.esiState === "PLC_READY",
      "the status report",
    ).then((p) =>
      expect(p).toMatchObject({
        capacityKwh: 120,
        fvePeakPowerKwp: 49.5,
        plantWithLoad: true,
        configEnabled: null,
      }),
    );

    await device.close();
    const offline = await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "OFFLINE",
      "the plant to be OFFLINE",
    );
    expect(offline.lifecycleStatus).toBe("ACTIVE");
    expect(offline.authFailureCount).toBe(0);
  });

  it("telemetry feeds today's energy figures and raises an alert from a rule", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, authMethod);
    const rule = await voke.api.alertRules.create({
      name: "battery low",
      metric: "soc",
      condition: "LT",
      threshold: 20,
      severity: "CRITICAL",
      cooldownMinutes: 5,
      plantId,
    });
    const device = keep(await connectDevice(voke, pkg));
    await device.publishTelemetry({ producedKwh: 100, importedKwh: 10, exportedKwh: 20, soc: 55 });
    await device.publishTelemetry({ producedKwh: 112.5, importedKwh: 13, exportedKwh: 26, soc: 15 });

    const energy = await eventually(
      () => voke.api.plants.energyToday(plantId),
      (e) => e.produced > 0,
      "today's energy",
    );
    expect(energy).toMatchObject({ produced: 12.5, imported: 3, exported: 6 });
    expect(energy.selfConsumptionPct).toBeCloseTo(52, 6);
    expect(energy.date).toBe(new Date().toISOString().slice(0, 10));

    const plant = await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.alerts.length > 0,
      "an alert on the plant",
    );
    expect(plant.alerts).toHaveLength(1);
    expect(plant.alerts[0]).toMatchObject({
      type: "THRESHOLD_EXCEEDED",
      severity: "CRITICAL",
      status: "ACTIVE",
      alertRuleId: rule.id,
      metric: "soc",
      value: 15,
    });
    expect((await voke.api.alertRules.get(rule.id)).lastTriggeredAt).not.toBeNull();
  });

  it("a command sent while online is delivered, acked and SUCCEEDED (or FAILED when the device says so)", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, authMethod);
    const received: PlantCommand[] = [];
    const device = keep(
      await connectDevice(voke, pkg, {
        onCommand: (command) => {
          received.push(command);
          if (command.command === "selfDestruct")
            return { status: "REJECTED", response: { reason: "not supported" } };
          return { status: "OK", response: { applied: command.payload } };
        },
      }),
    );
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE",
    );
    expect(device.connected).toBe(true);

    const sent = await voke.api.commands.send(plantId, {
      command: "setExportLimit",
      payload: { kw: 25 },
      target: "INV_1",
    });
    const done = await commandInState(plantId, sent.id, "SUCCEEDED");
    expect(done).toMatchObject({ responseStatus: "OK", response: { applied: { kw: 25 } } });
    expect(done.sentAt).not.toBeNull();
    expect(done.ackedAt).not.toBeNull();
    expect(received[0]).toMatchObject({
      cmdId: sent.cmdId,
      command: "setExportLimit",
      payload: { kw: 25 },
      target: "INV_1",
      expiresAt: sent.expiresAt,
    });

    const refused = await voke.api.commands.send(plantId, { command: "selfDestruct" });
    const failed = await commandInState(plantId, refused.id, "FAILED");
    expect(failed).toMatchObject({ responseStatus: "REJECTED", response: { reason: "not supported" } });
    expect(received).toHaveLength(2);
    expect((await voke.api.plants.get(plantId)).authFailureCount).toBe(0);
  });

  it("a command sent while offline waits QUEUED and is delivered when the plant reconnects", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, authMethod);
    const first = await connectDevice(voke, pkg);
    await first.close();
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "OFFLINE",
      "OFFLINE",
    );

    const queued = await voke.api.commands.send(plantId, { command: "reboot" });
    expect(queued.status).toBe("QUEUED");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await commandById(plantId, queued.id)).status).toBe("QUEUED");

    const seen: string[] = [];
    keep(
      await connectDevice(voke, pkg, {
        onCommand: (command) => {
          seen.push(command.cmdId);
          return { response: { rebooted: true } };
        },
      }),
    );
    const done = await commandInState(plantId, queued.id, "SUCCEEDED");
    expect(done.response).toEqual({ rebooted: true });
    expect(seen).toEqual([queued.cmdId]);
  });

  it("a command the device never acks becomes TIMED_OUT", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, authMethod);
    let release: () => void = () => {};
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const arrived: string[] = [];
    keep(
      await connectDevice(voke, pkg, {
        onCommand: async (command) => {
          arrived.push(command.cmdId);
          await stuck;
        },
      }),
    );
    const command = await voke.api.commands.send(plantId, { command: "slowThing" });
    await commandInState(plantId, command.id, "SENT");
    const timedOut = await commandInState(plantId, command.id, "TIMED_OUT");
    expect(arrived).toEqual([command.cmdId]);
    expect(timedOut.ackedAt).toBeNull();
    expect(timedOut.responseStatus).toBeNull();
    // A late ack does not revive it.
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await commandById(plantId, command.id)).status).toBe("TIMED_OUT");
  });
});
