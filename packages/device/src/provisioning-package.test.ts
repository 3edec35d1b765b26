import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeviceError } from "./errors.ts";
import {
  type AuthMethod,
  loadProvisioningPackage,
  type ProvisioningPackage,
  parseProvisioningPackage,
} from "./provisioning-package.ts";

const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
const SECRET = "5f2b8c1e9a7d4f3b6e0c2a8d1f9b7e4c3a6d0f2e8b5c1a9d7f3e6b0c4a2d8f1e";
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIGHfake\n-----END PRIVATE KEY-----\n";

function validPackage(authMethod: AuthMethod): ProvisioningPackage {
  const base = `voke/v1/${PLANT_ID}`;
  return {
    plantId: PLANT_ID,
    authMethod,
    mqtt: {
      broker: "localhost",
      port: 8883,
      clientId: PLANT_ID,
      username: authMethod === "MTLS" ? null : PLANT_ID,
      topics: {
        telemetry: `${base}/telemetry`,
        status: `${base}/status`,
        ack: `${base}/ack`,
        commands: `${base}/commands`,
      },
    },
    security: {
      caCert: CERT,
      clientCert: authMethod === "MTLS" ? CERT : null,
      clientKey: authMethod === "MTLS" ? KEY : null,
      hmacSecret: SECRET,
    },
    protocol: { version: "voke/v1" },
  };
}

/** A package whose fields may be set to anything, to build broken ones. */
interface LoosePackage {
  plantId: unknown;
  authMethod: unknown;
  mqtt: Record<string, unknown> & { topics: Record<string, unknown> };
  security: Record<string, unknown>;
}

/** A deep copy of a valid package with one change. */
function altered(authMethod: AuthMethod, change: (pkg: LoosePackage) => void): unknown {
  const copy = structuredClone(validPackage(authMethod)) as unknown as LoosePackage;
  change(copy);
  return copy;
}

describe("parseProvisioningPackage", () => {
  it("accepts a package for every auth method", () => {
    for (const method of ["MTLS", "TOKEN", "PASSWORD"] as const) {
      expect(parseProvisioningPackage(validPackage(method)).authMethod).toBe(method);
    }
  });

  it.each([
    ["a non-object", () => "x", "package must be an object"],
    ["a bad plant id", () => altered("MTLS", (p) => (p.plantId = "plant-1")), "plantId must be a UUID"],
    [
      "an unknown auth method",
      () => altered("MTLS", (p) => (p.authMethod = "KERBEROS")),
      "authMethod must be one of MTLS, TOKEN, PASSWORD",
    ],
    [
      "a missing broker",
      () => altered("MTLS", (p) => delete p.mqtt.broker),
      "mqtt.broker must be a non-empty string",
    ],
    [
      "a port out of range",
      () => altered("MTLS", (p) => (p.mqtt.port = 70000)),
      "mqtt.port must be an integer from 1 to 65535",
    ],
    [
      "another client id",
      () => altered("MTLS", (p) => (p.mqtt.clientId = "x")),
      "mqtt.clientId must equal plantId",
    ],
    [
      "another plant's topic",
      () => altered("MTLS", (p) => (p.mqtt.topics.ack = "voke/v1/other/ack")),
      `mqtt.topics.ack must be voke/v1/${PLANT_ID}/ack`,
    ],
    [
      "a CA that is not PEM",
      () => altered("MTLS", (p) => (p.security.caCert = "hello")),
      "security.caCert must be a PEM certificate",
    ],
    [
      "MTLS without a client key",
      () => altered("MTLS", (p) => (p.security.clientKey = null)),
      "security.clientKey must be a non-empty string",
    ],
    [
      "no secret",
      () => altered("PASSWORD", (p) => (p.security.hmacSecret = "")),
      "security.hmacSecret must be a non-empty string",
    ],
  ])("refuses %s, naming the field", (_, make, message) => {
    const attempt = () => parseProvisioningPackage(make());
    expect(attempt).toThrow(DeviceError);
    expect(attempt).toThrow(message);
  });

  it("never repeats a secret in its message", () => {
    try {
      parseProvisioningPackage(altered("MTLS", (p) => (p.security.clientKey = `${SECRET} not a key`)));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });
});

describe("loadProvisioningPackage", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "voke-device-pkg-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a package file", async () => {
    const path = join(dir, "ok.json");
    await writeFile(path, JSON.stringify(validPackage("TOKEN")), { mode: 0o600 });
    expect((await loadProvisioningPackage(path)).plantId).toBe(PLANT_ID);
  });

  it("says which file is missing or unreadable", async () => {
    await expect(loadProvisioningPackage(join(dir, "absent.json"))).rejects.toThrow(
      /absent\.json: no such file/,
    );
    if (process.getuid?.() !== 0) {
      const path = join(dir, "locked.json");
      await writeFile(path, "{}");
      await chmod(path, 0o000);
      await expect(loadProvisioningPackage(path)).rejects.toThrow(/permission denied/);
    }
  });

  it("reports bad JSON without quoting the file, and a bad field with the file name", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, `{"security":{"hmacSecret":"${SECRET}"`);
    const failure = loadProvisioningPackage(broken);
    await expect(failure).rejects.toMatchObject({ code: "INVALID_PACKAGE" });
    await expect(failure).rejects.toThrow(/broken\.json is not JSON$/);
    const wrong = join(dir, "wrong.json");
    await writeFile(wrong, JSON.stringify(altered("MTLS", (p) => (p.mqtt.port = 0))));
    await expect(loadProvisioningPackage(wrong)).rejects.toThrow(
      /wrong\.json: mqtt\.port must be an integer/,
    );
  });
});
