import { describe, expect, it } from "vitest";
import { mqttClientOptions, PARKED_RECONNECT_PERIOD_MS } from "./connection-options.ts";
import { parseProvisioningPackage } from "./provisioning-package.ts";

const PLANT_ID = "0c9e1a54-4b8e-4c43-9d4c-2b7fd1e0a6f1";
const CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
const CERT = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n";

function pkg(authMethod: "MTLS" | "TOKEN" | "PASSWORD", broker = "mqtt.voke.example") {
  const base = `voke/v1/${PLANT_ID}`;
  return parseProvisioningPackage({
    plantId: PLANT_ID,
    authMethod,
    mqtt: {
      broker,
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
      caCert: CA,
      clientCert: authMethod === "MTLS" ? CERT : null,
      clientKey: authMethod === "MTLS" ? KEY : null,
      hmacSecret: "s3cret-s3cret",
    },
    protocol: {},
  });
}

describe("mqttClientOptions", () => {
  it("MTLS: client certificate and key, no username or password, the package CA", () => {
    const options = mqttClientOptions(pkg("MTLS"), { password: "ignored" });
    expect(options).toMatchObject({
      protocol: "mqtts",
      host: "mqtt.voke.example",
      port: 8883,
      clientId: PLANT_ID,
      clean: true,
      protocolVersion: 4,
      ca: CA,
      cert: CERT,
      key: KEY,
      servername: "mqtt.voke.example",
      rejectUnauthorized: true,
    });
    expect(options.username).toBeUndefined();
    expect(options.password).toBeUndefined();
  });

  it("TOKEN and PASSWORD: username = plant id, the given password, no client certificate", () => {
    for (const method of ["TOKEN", "PASSWORD"] as const) {
      const options = mqttClientOptions(pkg(method), { password: "the-password" });
      expect(options).toMatchObject({ username: PLANT_ID, password: "the-password", clientId: PLANT_ID });
      expect(options.cert).toBeUndefined();
      expect(options.key).toBeUndefined();
    }
  });

  it("dials an override host and port but checks the certificate for the broker's name", () => {
    const options = mqttClientOptions(pkg("PASSWORD"), { host: "127.0.0.1", port: 18883 });
    expect(options).toMatchObject({ host: "127.0.0.1", port: 18883, servername: "mqtt.voke.example" });
  });

  it("sets no TLS server name for an IP broker (RFC 6066)", () => {
    expect(mqttClientOptions(pkg("MTLS", "127.0.0.1")).servername).toBeUndefined();
  });

  it("turns Nagle's algorithm off, so a small ack is not held back for the broker's delayed TCP ACK", () => {
    expect(mqttClientOptions(pkg("PASSWORD"))).toMatchObject({ noDelay: true });
  });

  it("leaves reconnection to the connection (mqtt.js's own timer is parked)", () => {
    const options = mqttClientOptions(pkg("MTLS"));
    expect(options.reconnectPeriod).toBe(PARKED_RECONNECT_PERIOD_MS);
    expect(options.resubscribe).toBe(false);
  });
});
