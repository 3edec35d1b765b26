/**
 * Refusals end to end, through the device helper against the real server: suspension and revocation cut the
 * live session and keep the plant out, superseded certificates and wrong credentials are refused with their
 * CONNACK codes, badly signed messages are dropped — and every one is counted on the plant.
 */
import type { DeviceError, PlantConnection } from "@voke/device";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  connectDevice,
  countTelemetryRows,
  eventually,
  provisionPlant,
  startVoke,
  type VokeUnderTest,
} from "./device-loop-support.ts";

let voke: VokeUnderTest;
const devices: PlantConnection[] = [];

beforeAll(async () => {
  voke = await startVoke();
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

/** Records what a connection reports, to assert on the order of events. */
function watch(device: PlantConnection) {
  const seen = { disconnects: 0, errors: [] as DeviceError[], connects: 0 };
  device.on("disconnect", () => {
    seen.disconnects += 1;
  });
  device.on("error", (error) => seen.errors.push(error));
  device.on("connect", () => {
    seen.connects += 1;
  });
  return seen;
}

describe("refusals through the device helper", () => {
  it("suspend cuts the live session, refuses reconnections (counted), and reactivate lets the plant back", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD");
    const device = keep(await connectDevice(voke, pkg, { reconnect: { minMs: 100, maxMs: 200 } }));
    const seen = watch(device);
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE",
    );

    await voke.api.plants.suspend(plantId);
    await eventually(
      () => seen.disconnects,
      (n) => n === 1,
      "the session to be cut",
    );
    await eventually(
      () => seen.errors.length,
      (n) => n >= 2,
      "two refused reconnections",
    );
    expect(seen.errors[0]).toMatchObject({ code: "CONNECTION_REFUSED", reasonCode: 5 });
    const suspended = await voke.api.plants.get(plantId);
    expect(suspended).toMatchObject({ lifecycleStatus: "SUSPENDED", status: "OFFLINE" });
    expect(suspended.authFailureCount).toBeGreaterThanOrEqual(2);
    expect(suspended.lastAuthFailureAt).not.toBeNull();

    await voke.api.plants.reactivate(plantId);
    await eventually(
      () => seen.connects,
      (n) => n === 1,
      "the device to reconnect by itself",
    );
    expect(await voke.api.plants.get(plantId)).toMatchObject({ lifecycleStatus: "ACTIVE", status: "ONLINE" });
  });

  it("revoke cuts an MTLS plant's live session; the package is refused from then on", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "MTLS");
    const device = keep(await connectDevice(voke, pkg, { reconnect: { minMs: 100, maxMs: 200 } }));
    const seen = watch(device);
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE",
    );

    await voke.api.plants.revoke(plantId);
    await eventually(
      () => seen.disconnects,
      (n) => n === 1,
      "the session to be cut",
    );
    await eventually(
      () => seen.errors.length,
      (n) => n >= 1,
      "a refused reconnection",
    );
    expect(seen.errors[0]).toMatchObject({ code: "CONNECTION_REFUSED", reasonCode: 5 });
    await device.close();

    await expect(connectDevice(voke, pkg)).rejects.toMatchObject({
      code: "CONNECTION_REFUSED",
      reasonCode: 5,
    });
    const revoked = await voke.api.plants.get(plantId);
    expect(revoked).toMatchObject({ lifecycleStatus: "DECOMMISSIONED", status: "OFFLINE" });
    expect(revoked.authFailureCount).toBeGreaterThanOrEqual(2);
  });

  it("re-provisioning supersedes the old certificate: the old package is refused, the new one accepted", async () => {
    const { plantId, pkg: oldPackage } = await provisionPlant(voke.api, "MTLS");
    const newPackage = await voke.api.plants.provision(plantId);
    expect(newPackage.security.clientCert).not.toBe(oldPackage.security.clientCert);

    await expect(connectDevice(voke, oldPackage)).rejects.toMatchObject({
      code: "CONNECTION_REFUSED",
      reasonCode: 5,
    });
    expect((await voke.api.plants.get(plantId)).authFailureCount).toBe(1);
    keep(await connectDevice(voke, newPackage));
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE with the new certificate",
    );
  });

  it("a wrong password is refused with code 4 and counted", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD");
    const attempt = connectDevice(voke, pkg, { hmacSecret: "0".repeat(64) });
    await expect(attempt).rejects.toMatchObject({ code: "CONNECTION_REFUSED", reasonCode: 4 });
    const plant = await voke.api.plants.get(plantId);
    expect(plant.authFailureCount).toBe(1);
    expect(plant.lastAuthFailureAt).not.toBeNull();
    expect(plant.lifecycleStatus).toBe("PROVISIONED");
  });

  it("a forged token is refused with code 4; the plant's own token is accepted", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "TOKEN");
    await expect(
      connectDevice(voke, pkg, { token: "eyJhbGciOiJIUzI1NiJ9.e30.forged" }),
    ).rejects.toMatchObject({
      code: "CONNECTION_REFUSED",
      reasonCode: 4,
    });
    expect((await voke.api.plants.get(plantId)).authFailureCount).toBe(1);
    const { token } = await voke.api.plants.issueMqttToken(plantId);
    keep(await connectDevice(voke, pkg, { token }));
    await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.status === "ONLINE",
      "ONLINE",
    );
  });

  it("telemetry signed with the wrong secret is dropped and counted, without losing the session", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "MTLS");
    // MTLS logs in with the certificate, so a wrong signing secret reaches the message checks.
    const forger = keep(await connectDevice(voke, pkg, { hmacSecret: "f".repeat(64) }));
    await forger.publishTelemetry({ soc: 50 });
    await forger.publishTelemetry({ soc: 51 });
    const counted = await eventually(
      () => voke.api.plants.get(plantId),
      (p) => p.messageRefusalCount === 2,
      "two counted refusals",
    );
    expect(counted.status).toBe("ONLINE");
    expect(forger.connected).toBe(true);
    expect(countTelemetryRows(voke.dataDir, [plantId])).toBe(0);
  });

  it("after rotate-secret the previous secret still signs (grace period) and commands come signed with the new one", async () => {
    const { plantId, pkg } = await provisionPlant(voke.api, "MTLS");
    const { hmacSecret, gracePeriodMinutes } = await voke.api.plants.rotateSecret(plantId);
    expect(gracePeriodMinutes).toBe(60);
    expect(hmacSecret).not.toBe(pkg.security.hmacSecret);

    // A device still on the old secret: its telemetry is accepted, the new commands fail its check.
    const stale = await connectDevice(voke, pkg);
    const rejections: string[] = [];
    stale.on("commandRejected", (rejection) => rejections.push(rejection.reason));
    await stale.publishTelemetry({ soc: 60 });
    await eventually(
      () => countTelemetryRows(voke.dataDir, [plantId]),
      (n) => n === 1,
      "the old-secret telemetry",
    );
    await voke.api.commands.send(plantId, { command: "ping" });
    await eventually(
      () => rejections,
      (r) => r.length === 1,
      "the device to drop the new-secret command",
    );
    expect(rejections).toEqual(["BAD_SIGNATURE"]);
    await stale.close();

    const updated = keep(
      await connectDevice(voke, pkg, { hmacSecret, onCommand: () => ({ response: { pong: true } }) }),
    );
    const command = await voke.api.commands.send(plantId, { command: "ping" });
    await eventually(
      async () => (await voke.api.commands.list(plantId)).data.find((c) => c.id === command.id)?.status,
      (status) => status === "SUCCEEDED",
      "the command acked by the updated device",
    );
    await updated.publishTelemetry({ soc: 61 });
    await eventually(
      () => countTelemetryRows(voke.dataDir, [plantId]),
      (n) => n === 2,
      "the new-secret telemetry",
    );
    expect((await voke.api.plants.get(plantId)).messageRefusalCount).toBe(0);
  });
});
