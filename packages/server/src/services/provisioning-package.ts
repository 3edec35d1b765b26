/** The provisioning package a plant is set up from: broker, topics, credentials and the message protocol. */
import { MAX_PAYLOAD_BYTES } from "@voke/protocol";
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

/**
 * How to talk to the broker, so a device developer needs nothing but the package; a summary of
 * docs/protocol.md, sent in every package as `protocol`.
 */
export const PROTOCOL = {
  version: 1,
  docs: "docs/protocol.md",
  transport: "MQTT 3.1.1 over TLS 1.2+; verify the broker with security.caCert; clean session; TCP_NODELAY",
  clientId:
    "the plant id in lower case, or <plantId>:<suffix> (suffix: 1-23 of a-z 0-9 _ -) for a further connection of the same plant",
  authentication: {
    MTLS: "security.clientCert + security.clientKey; no username/password",
    TOKEN:
      "username = plant id, password = JWT from POST /api/v1/plants/{id}/mqtt-token; the session ends at exp",
    PASSWORD:
      "username = plant id, password = security.hmacSecret (previous secret valid 60 min after rotation)",
  },
  refusals: {
    "1": "MQTT 5 (protocol level 5) is not supported; connect with 3.1.1",
    "2": "client id is not <plantId> or <plantId>:<suffix> in lower case",
    "4": "bad username or password / token",
    "5": "not authorized: unknown, PENDING, SUSPENDED, DECOMMISSIONED, bad/revoked/superseded certificate",
  },
  topics: {
    publish: ["telemetry", "status", "ack"],
    subscribe: ["commands"],
    qos: 1,
    otherTopics: "publish closes the session; subscribe gets 0x80; both counted",
  },
  envelope: {
    format: '{"body":"<JSON text>","sig":"<hex>"}',
    sig: 'lowercase hex HMAC-SHA256, key = UTF-8 bytes of security.hmacSecret (the text, not hex-decoded), message = plantId + "." + body',
    shell: `printf '%s' "$PLANT_ID.$BODY" | openssl dgst -sha256 -hmac "$HMAC_SECRET" -r | cut -d' ' -f1`,
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
  },
  freshness: {
    ts: "ISO 8601 with zone, within 5 minutes of the server clock",
    nonce: "8-64 printable ASCII, unused by this plant for 10 minutes",
    retransmission: "set the MQTT DUP flag; a DUP replay is dropped but not counted",
  },
  messages: {
    telemetry: {
      ts: "…",
      nonce: "…",
      metrics: { "<name 1-128 chars>": "finite number (1-200 metrics)" },
      meterRegisters: "producedKwh, importedKwh, exportedKwh are cumulative kWh",
    },
    status: {
      ts: "…",
      nonce: "…",
      esiState: "string ≤64 | null",
      capacityKwh: "number ≥0 | null",
      fvePeakPowerKwp: "number ≥0 | null",
      plantWithLoad: "boolean | null",
      configEnabled: "boolean | null",
    },
    command: {
      ts: "…",
      nonce: "…",
      cmdId: "string",
      command: "string",
      payload: "object | null",
      target: "string | null",
      expiresAt: "ISO time",
      rule: "verify sig with the current hmacSecret; drop if bad; dedupe by cmdId",
    },
    ack: {
      ts: "…",
      nonce: "…",
      cmdId: "string",
      status: "OK | ERROR | REJECTED",
      response: "object (optional)",
    },
  },
  commandStates:
    "QUEUED → SENT → SUCCEEDED | FAILED; TIMED_OUT (no ack in time); EXPIRED (queued past expiresAt); queued commands are sent when the plant subscribes to commands, oldest first",
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
