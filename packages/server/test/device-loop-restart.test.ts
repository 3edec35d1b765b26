/**
 * What survives a server restart: commands queued before it are delivered after it (oldest first), a
 * connected device finds the restarted server by itself, and telemetry the broker acknowledged (PUBACK) is
 * never lost — neither across a graceful restart nor when the server process is killed outright.
 */
import type { PlantConnection } from "@voke/device";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectDevice,
  countTelemetryRows,
  crashAndRestart,
  eventually,
  provisionPlant,
  startVoke,
  type VokeUnderTest,
} from "./device-loop-support.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startVoke>[0] = {}): Promise<VokeUnderTest> {
  const voke = await startVoke(options);
  cleanups.push(() => voke.dispose());
  return voke;
}

function keep(device: PlantConnection): PlantConnection {
  cleanups.push(() => device.close(200));
  return device;
}

/** Publishes `count` telemetry messages at once and resolves when every one is PUBACK'd. */
async function publishAll(device: PlantConnection, count: number, from = 0): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      device.publishTelemetry({ producedKwh: from + i, seq: from + i }),
    ),
  );
}

describe("across a server restart", () => {
  it("commands queued before the restart are delivered after it, oldest first", async () => {
    const voke = await started();
    const { plantId, pkg } = await provisionPlant(voke.api, "MTLS");
    await (await connectDevice(voke, pkg)).close();
    const queued = [];
    for (const name of ["first", "second", "third"])
      queued.push(await voke.api.commands.send(plantId, { command: name }));
    expect(queued.map((c) => c.status)).toEqual(["QUEUED", "QUEUED", "QUEUED"]);

    await voke.restart();
    expect((await voke.api.plants.get(plantId)).status).toBe("OFFLINE");
    const order: string[] = [];
    keep(
      await connectDevice(voke, pkg, {
        onCommand: (command) => {
          order.push(command.command);
        },
      }),
    );
    const page = await eventually(
      () => voke.api.commands.list(plantId),
      (p) => p.data.every((c) => c.status === "SUCCEEDED"),
      "every queued command to succeed",
    );
    expect(page.data.map((c) => c.command)).toEqual(["first", "second", "third"]);
    expect(order).toEqual(["first", "second", "third"]);
  });

  it("a connected device reconnects to the restarted server by itself and takes commands again", async () => {
    const voke = await started();
    const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD");
    const device = keep(await connectDevice(voke, pkg, { onCommand: () => ({ response: { ok: true } }) }));
    let reconnections = 0;
    device.on("connect", ({ reconnected }) => {
      if (reconnected) reconnections += 1;
    });

    await voke.restart();
    await eventually(
      () => reconnections,
      (n) => n === 1,
      "the device to reconnect",
    );
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE after the restart",
    );
    const command = await voke.api.commands.send(plantId, { command: "afterRestart" });
    await eventually(
      async () => (await voke.api.commands.list(plantId)).data.find((c) => c.id === command.id)?.status,
      (status) => status === "SUCCEEDED",
      "the command to succeed",
    );
  });

  it("no PUBACK'd telemetry is lost across a graceful restart", async () => {
    const voke = await started();
    const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD");
    const device = keep(await connectDevice(voke, pkg));
    await publishAll(device, 300);
    await voke.restart();
    expect(countTelemetryRows(voke.dataDir, [plantId])).toBe(300);
  });

  it("no PUBACK'd telemetry is lost when the server process is killed (SIGKILL) right after the PUBACKs", async () => {
    const voke = await started({ childProcess: true });
    const { plantId, pkg } = await provisionPlant(voke.api, "MTLS");
    const device = keep(await connectDevice(voke, pkg, { reconnect: { minMs: 50, maxMs: 100 } }));
    await publishAll(device, 300);
    await crashAndRestart(voke);
    expect(countTelemetryRows(voke.dataDir, [plantId])).toBe(300);

    // And the loop goes on with the restarted process.
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE after the crash",
    );
    await publishAll(device, 50, 300);
    await eventually(
      () => countTelemetryRows(voke.dataDir, [plantId]),
      (n) => n === 350,
      "the later telemetry",
    );
  });
});
