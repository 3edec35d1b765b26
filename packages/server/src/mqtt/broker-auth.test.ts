// The broker's CONNECT handling over real TLS with real mqtt.js clients: each auth method accepted, every
// refusal refused and counted, suspend / revoke / re-provision cutting a live session, presence.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger, silentLogger } from "../logger.ts";
import { loadOrCreateCertificateAuthority } from "../pki/certificate-authority.ts";
import { startDeviceBroker } from "./broker.ts";
import {
  type BrokerFixture,
  closed,
  eventually,
  startBrokerFixture,
  type TestPlant,
} from "./broker-test-fixture.ts";

let fx: BrokerFixture;

beforeAll(async () => {
  fx = await startBrokerFixture(process.env.DEBUG_MQTT ? { logger: createLogger({ level: "debug" }) } : {});
});
afterAll(async () => {
  await fx.close();
});
// TLS checks certificate and CRL times against the real clock: each test starts the test clock there.
beforeEach(() => {
  fx.clock.set(new Date());
});

/** Expects exactly one more counted failure than `before` (counts are written in batches), stamped with the clock's time. */
async function expectOneMoreFailure(plant: TestPlant, before: number): Promise<void> {
  const after = await eventually(
    () => fx.plant(plant.id).authFailureCount >= before + 1 && fx.plant(plant.id),
  );
  expect(after.authFailureCount).toBe(before + 1);
  expect(after.lastAuthFailureAt).toBe(fx.clock.now().toISOString());
}

describe("accepted connections and presence", () => {
  it("accepts an MTLS plant by its certificate, marks it ONLINE and ACTIVE, and OFFLINE after it leaves", async () => {
    const plant = await fx.createPlant("MTLS");
    expect(fx.plant(plant.id)).toMatchObject({
      lifecycleStatus: "PROVISIONED",
      status: "OFFLINE",
      activatedAt: null,
    });

    const client = await fx.connect(plant);
    const connectedAt = fx.clock.now().toISOString();
    const online = await eventually(() => fx.plant(plant.id).status === "ONLINE" && fx.plant(plant.id));
    expect(online).toMatchObject({
      lifecycleStatus: "ACTIVE",
      activatedAt: connectedAt,
      lastSeenAt: connectedAt,
    });
    expect(fx.broker.gateway.isOnline(plant.id)).toBe(true);

    await client.endAsync();
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");
    expect(fx.broker.gateway.isOnline(plant.id)).toBe(false);
    expect(fx.plant(plant.id).authFailureCount).toBe(0);

    // A second connect keeps the first activation time.
    fx.clock.advance(60_000);
    const again = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");
    expect(fx.plant(plant.id)).toMatchObject({
      activatedAt: connectedAt,
      lastSeenAt: fx.clock.now().toISOString(),
    });
    await again.endAsync();
  });

  it("accepts a TOKEN plant with a JWT from the mqtt-token service", async () => {
    const plant = await fx.createPlant("TOKEN");
    const { token } = await fx.services.plantCredentials.issueMqttToken(fx.admin, plant.id);
    const client = await fx.connect(plant, { password: token });
    await eventually(() => fx.plant(plant.id).status === "ONLINE");
    await client.endAsync();
  });

  it("accepts a PASSWORD plant with its HMAC secret as the password", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const client = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");
    expect(fx.plant(plant.id).lifecycleStatus).toBe("ACTIVE");
    await client.endAsync();
  });

  it("keeps a plant ONLINE when a second session takes over its client id", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const first = await fx.connect(plant);
    const second = await fx.connect(plant);
    await closed(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.plant(plant.id).status).toBe("ONLINE");
    expect(fx.broker.gateway.isOnline(plant.id)).toBe(true);
    await second.endAsync();
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");
  });
});

describe("refused connections are refused and counted", () => {
  it("refuses a certificate from another CA", async () => {
    const plant = await fx.createPlant("MTLS");
    const dir = await mkdtemp(join(tmpdir(), "voke-foreign-ca-"));
    try {
      const foreign = await loadOrCreateCertificateAuthority({ dir, now: () => fx.clock.now() });
      const forged = await foreign.issueClientCertificate({ commonName: plant.id, now: fx.clock.now() });
      expect(await fx.refusedConnect(plant, { cert: forged.certificatePem, key: forged.privateKeyPem })).toBe(
        5,
      );
      await expectOneMoreFailure(plant, 0);
      expect(fx.plant(plant.id).status).toBe("OFFLINE");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an MTLS plant that presents no certificate, and another plant's certificate", async () => {
    const plant = await fx.createPlant("MTLS");
    const other = await fx.createPlant("MTLS");
    expect(await fx.refusedConnect(plant, { cert: undefined, key: undefined })).toBe(5);
    await expectOneMoreFailure(plant, 0);
    const borrowed = {
      cert: other.package.security.clientCert ?? "",
      key: other.package.security.clientKey ?? "",
    };
    expect(await fx.refusedConnect(plant, borrowed)).toBe(5);
    await expectOneMoreFailure(plant, 1);
  });

  it("refuses the superseded certificate after a re-provision, and cuts the session it had", async () => {
    const plant = await fx.createPlant("MTLS");
    const client = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");

    const renewed = await fx.services.plantCredentials.provision(fx.admin, plant.id);
    await closed(client);
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");

    expect(await fx.refusedConnect(plant)).toBe(5);
    await expectOneMoreFailure(plant, 0);
    const fresh = await fx.connect({ ...plant, package: renewed });
    await eventually(() => fx.plant(plant.id).status === "ONLINE");
    await fresh.endAsync();
  });

  it("cuts a revoked plant's live session and refuses it from then on", async () => {
    const plant = await fx.createPlant("MTLS");
    const client = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");

    await fx.services.plantCredentials.revoke(fx.admin, plant.id);
    await closed(client);
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");

    expect(await fx.refusedConnect(plant)).toBe(5);
    await expectOneMoreFailure(plant, 0);
  });

  it("cuts the session of a certificate put on the CRL while its plant stays ACTIVE, and refuses it after", async () => {
    const plant = await fx.createPlant("MTLS");
    const client = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");

    fx.store.revokedCertificates.add({
      serialNumber: fx.plant(plant.id).certificateSerialNumber ?? "",
      plantId: plant.id,
      revokedAt: fx.clock.now().toISOString(),
      reason: "keyCompromise",
      notAfter: null,
    });
    fx.broker.gateway.reloadCrl(await fx.services.revocationList.refresh());
    await closed(client);
    expect(fx.plant(plant.id).lifecycleStatus).toBe("ACTIVE");

    expect(await fx.refusedConnect(plant)).toBe(5);
    await expectOneMoreFailure(plant, 0);
  });

  it("cuts a suspended plant's live session, refuses it while suspended and accepts it once reactivated", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const client = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");

    fx.services.plants.suspend(fx.admin, plant.id);
    await closed(client);
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");
    expect(fx.plant(plant.id).lifecycleStatus).toBe("SUSPENDED");

    expect(await fx.refusedConnect(plant)).toBe(5);
    await expectOneMoreFailure(plant, 0);

    fx.services.plants.reactivate(fx.admin, plant.id);
    const back = await fx.connect(plant);
    await eventually(() => fx.plant(plant.id).status === "ONLINE");
    await back.endAsync();
  });

  it("refuses a wrong password with return code 4", async () => {
    const plant = await fx.createPlant("PASSWORD");
    expect(await fx.refusedConnect(plant, { password: "0".repeat(64) })).toBe(4);
    await expectOneMoreFailure(plant, 0);
  });

  it("refuses a username other than the client id", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const other = await fx.createPlant("PASSWORD");
    expect(await fx.refusedConnect(plant, { username: other.id })).toBe(4);
    await expectOneMoreFailure(plant, 0);
    expect(fx.plant(other.id).authFailureCount).toBe(0);
  });

  it("accepts the previous password during the 60-minute grace and refuses it after", async () => {
    const plant = await fx.createPlant("PASSWORD");
    const { hmacSecret } = fx.services.plantCredentials.rotateSecret(fx.admin, plant.id);

    fx.clock.advance(59 * 60_000);
    const during = await fx.connect(plant);
    await during.endAsync();
    const rotated = await fx.connect(plant, { password: hmacSecret });
    await rotated.endAsync();

    fx.clock.advance(2 * 60_000);
    expect(await fx.refusedConnect(plant)).toBe(4);
    await expectOneMoreFailure(plant, 0);
    const current = await fx.connect(plant, { password: hmacSecret });
    await current.endAsync();
  });

  it("closes a TOKEN session when its JWT expires and refuses the expired token", async () => {
    const plant = await fx.createPlant("TOKEN");
    const { token, expiresAt } = await fx.services.plantCredentials.issueMqttToken(fx.admin, plant.id);
    const client = await fx.connect(plant, { password: token });
    await eventually(() => fx.plant(plant.id).status === "ONLINE");

    fx.clock.set(new Date(expiresAt.getTime() - 1000));
    await fx.broker.sweep();
    expect(client.connected).toBe(true);

    fx.clock.set(new Date(expiresAt.getTime() + 1000));
    await fx.broker.sweep();
    await closed(client);
    await eventually(() => fx.plant(plant.id).status === "OFFLINE");

    expect(await fx.refusedConnect(plant, { password: token })).toBe(4);
    await expectOneMoreFailure(plant, 0);
  });

  it("refuses a TOKEN plant that presents its HMAC secret, or another plant's token", async () => {
    const plant = await fx.createPlant("TOKEN");
    const other = await fx.createPlant("TOKEN");
    expect(await fx.refusedConnect(plant)).toBe(4);
    await expectOneMoreFailure(plant, 0);
    const { token } = await fx.services.plantCredentials.issueMqttToken(fx.admin, other.id);
    expect(await fx.refusedConnect(plant, { password: token })).toBe(4);
    await expectOneMoreFailure(plant, 1);
  });

  it("refuses a PENDING plant, and an unknown client id without counting anything", async () => {
    const { plant: pending } = fx.services.plants.create(fx.admin, {
      name: "never provisioned",
      serialNumber: "SN-PENDING-1",
      type: "SENSOR",
      authMethod: "PASSWORD",
    });
    const asPending: TestPlant = {
      id: pending.id,
      secret: "x".repeat(64),
      topics: { telemetry: "", status: "", ack: "", commands: "" },
      package: {
        ...(await fx.createPlant("PASSWORD")).package,
        plantId: pending.id,
      },
    };
    expect(await fx.refusedConnect(asPending, { username: pending.id })).toBe(5);
    await eventually(() => fx.plant(pending.id).authFailureCount === 1);

    const stranger = await fx.createPlant("PASSWORD");
    // Return code 2: identifier rejected.
    const code = await fx.refusedConnect(stranger, { clientId: "not-a-plant" });
    expect(code).toBe(2);
    expect(fx.plant(stranger.id).authFailureCount).toBe(0);
  });
});

describe("startDeviceBroker", () => {
  it("fails with the listen error when its port is taken", async () => {
    await expect(
      startDeviceBroker({
        store: fx.store,
        ca: fx.ca,
        secretBox: fx.secretBox,
        clock: fx.clock,
        logger: silentLogger,
        verifyMqttToken: (token, now) => fx.mqttTokens.verify(token, now),
        revocationList: fx.services.revocationList,
        config: {
          mqttHost: "127.0.0.1",
          mqttPort: fx.broker.port,
          publicMqttHost: "localhost",
          commandAckTimeoutSeconds: 60,
        },
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
