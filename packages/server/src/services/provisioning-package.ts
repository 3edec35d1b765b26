/** The provisioning package a plant is set up from: broker, topics, credentials and the message protocol. */
import type { AuthMethod } from "../storage/plants.ts";

export interface MqttEndpoint {
  /** Host name written into packages (VOKE_PUBLIC_MQTT_HOST). */
  host: string;
  port: number;
}

export interface PlantTopics {
  telemetry: string;
  status: string;
  ack: string;
  commands: string;
}

export interface ProvisioningPackage {
  plantId: string;
  authMethod: AuthMethod;
  mqtt: { broker: string; port: number; clientId: string; username: string | null; topics: PlantTopics };
  security: { caCert: string; clientCert: string | null; clientKey: string | null; hmacSecret: string };
  protocol: Record<string, unknown>;
}

/** The four topics of one plant: it publishes telemetry, status and ack, and subscribes to commands. */
export function plantTopics(plantId: string): PlantTopics {
  const base = `voke/v1/${plantId}`;
  return {
    telemetry: `${base}/telemetry`,
    status: `${base}/status`,
    ack: `${base}/ack`,
    commands: `${base}/commands`,
  };
}

/** How to talk to the broker, so a device developer needs nothing but the package. */
export const PROTOCOL = {
  version: 1,
  transport: "MQTT 3.1.1 over TLS; verify the broker with security.caCert",
  authentication: {
    MTLS: "present security.clientCert and security.clientKey; no username or password",
    TOKEN: "username = plant id, password = a JWT from POST /api/v1/plants/{id}/mqtt-token",
    PASSWORD: "username = plant id, password = security.hmacSecret",
  },
  clientId: "the plant id",
  qos: { publish: 1, commands: 1 },
  envelope: {
    format: '{"body": "<JSON text>", "sig": "<hex HMAC-SHA256>"}',
    signature:
      "HMAC-SHA256 with key = the UTF-8 bytes of security.hmacSecret over plantId + '.' + body; lowercase hex",
    example: 'printf \'%s\' "$PLANT_ID.$BODY" | openssl dgst -sha256 -hmac "$HMAC_SECRET"',
    replayProtection:
      "body carries ts (ISO 8601) and nonce; messages more than 5 minutes off or with a nonce seen in the last 10 minutes are dropped",
    serverMessages: "commands are signed the same way; check sig before acting on one",
  },
  messages: {
    telemetry: {
      topic: "telemetry",
      body: { ts: "ISO 8601 time", nonce: "unique string", metrics: { "<name>": "number" } },
      meterRegisters: "producedKwh, importedKwh and exportedKwh are cumulative kWh counters",
    },
    status: {
      topic: "status",
      body: {
        ts: "ISO 8601 time",
        nonce: "unique string",
        esiState: "string (optional)",
        capacityKwh: "number (optional)",
        fvePeakPowerKwp: "number (optional)",
        plantWithLoad: "boolean (optional)",
        configEnabled: "boolean (optional)",
      },
    },
    command: {
      topic: "commands",
      body: {
        ts: "ISO 8601 time",
        nonce: "unique string",
        cmdId: "string",
        command: "string",
        payload: "object",
        target: "string or null",
      },
    },
    ack: {
      topic: "ack",
      body: {
        ts: "ISO 8601 time",
        nonce: "unique string",
        cmdId: "string",
        status: "OK | ERROR | REJECTED",
        response: "object",
      },
    },
  },
} as const;

export interface PackageInput {
  plantId: string;
  authMethod: AuthMethod;
  endpoint: MqttEndpoint;
  caCertificatePem: string;
  clientCertificatePem: string | null;
  clientPrivateKeyPem: string | null;
  hmacSecret: string;
}

/** Assembles the package; the client certificate and key appear only for MTLS plants. */
export function buildProvisioningPackage(input: PackageInput): ProvisioningPackage {
  const mtls = input.authMethod === "MTLS";
  return {
    plantId: input.plantId,
    authMethod: input.authMethod,
    mqtt: {
      broker: input.endpoint.host,
      port: input.endpoint.port,
      clientId: input.plantId,
      username: mtls ? null : input.plantId,
      topics: plantTopics(input.plantId),
    },
    security: {
      caCert: input.caCertificatePem,
      clientCert: mtls ? input.clientCertificatePem : null,
      clientKey: mtls ? input.clientPrivateKeyPem : null,
      hmacSecret: input.hmacSecret,
    },
    protocol: PROTOCOL,
  };
}
