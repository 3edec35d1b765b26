/** Sample API objects for tests, typed by the schema so they stay valid as the spec changes. */
import type {
  AlertRule,
  CertificateStats,
  Command,
  EnergySummary,
  MqttToken,
  Plant,
  PlantDetail,
  ProvisioningPackage,
  RotatedSecret,
  Template,
} from "../types.ts";

export const PLANT_ID = "bb17678d-82fa-43da-92e5-df833ebe5344";
export const RULE_ID = "5f0c6a43-2a8e-4d8a-9a53-0d7c2b1e9f10";
export const ORG_ID = "0b9f3c1e-6d0a-4c57-8e43-1a2b3c4d5e6f";
export const TEMPLATE_ID = "7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6";
const AT = "2025-01-02T03:04:05.000Z";

export function plant(overrides: Partial<Plant> = {}): Plant {
  return {
    id: PLANT_ID,
    organizationId: ORG_ID,
    name: "Roof array",
    serialNumber: "SN-1",
    type: "GATEWAY",
    authMethod: "MTLS",
    lifecycleStatus: "PENDING",
    status: "OFFLINE",
    metadata: null,
    templateId: null,
    template: null,
    activatedAt: null,
    lastSeenAt: null,
    authFailureCount: 0,
    lastAuthFailureAt: null,
    messageRefusalCount: 0,
    lastMessageRefusalAt: null,
    certificateFingerprint: null,
    certificateSerialNumber: null,
    certificateExpiresAt: null,
    secretRotatedAt: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export const plantDetail: PlantDetail = {
  ...plant(),
  description: null,
  externalPlantId: null,
  tag: null,
  latitude: null,
  longitude: null,
  esiState: null,
  capacityKwh: null,
  fvePeakPowerKwp: null,
  plantWithLoad: null,
  configEnabled: null,
  alerts: [],
  plantGroups: [],
  refusals: { authentication: {}, messages: {} },
};

export const HMAC_SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
export const CLIENT_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

export const provisioningPackage: ProvisioningPackage = {
  plantId: PLANT_ID,
  authMethod: "MTLS",
  mqtt: {
    broker: "localhost",
    port: 8883,
    clientId: PLANT_ID,
    username: null,
    topics: {
      telemetry: `voke/v1/${PLANT_ID}/telemetry`,
      status: `voke/v1/${PLANT_ID}/status`,
      ack: `voke/v1/${PLANT_ID}/ack`,
      commands: `voke/v1/${PLANT_ID}/commands`,
    },
  },
  security: {
    caCert: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
    clientCert: "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n",
    clientKey: CLIENT_KEY,
    hmacSecret: HMAC_SECRET,
  },
  protocol: { envelope: "{body, sig}" },
};

export const rotatedSecret: RotatedSecret = { hmacSecret: HMAC_SECRET, gracePeriodMinutes: 60 };
export const mqttToken: MqttToken = { token: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJwIn0.c2ln", expiresAt: AT };
export const energy: EnergySummary = {
  date: "2025-01-02",
  produced: 12.5,
  imported: 1,
  exported: 3,
  selfConsumptionPct: 76,
};
export const certificateStats: CertificateStats = {
  active: 3,
  expired: 1,
  expiringSoon: 1,
  revoked: 2,
  atRiskPlants: [],
  nextRenewalAt: null,
};

export function command(overrides: Partial<Command> = {}): Command {
  return {
    id: "c1d2e3f4-0000-4000-8000-000000000001",
    plantId: PLANT_ID,
    cmdId: "cmd-1",
    command: "reboot",
    payload: null,
    target: null,
    status: "QUEUED",
    createdAt: AT,
    sentAt: null,
    ackedAt: null,
    responseStatus: null,
    response: null,
    expiresAt: AT,
    ...overrides,
  };
}

export function alertRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: RULE_ID,
    organizationId: ORG_ID,
    plantId: null,
    name: "Low battery",
    metric: "soc",
    condition: "LT",
    threshold: 20,
    severity: "WARNING",
    cooldownMinutes: 15,
    enabled: true,
    lastTriggeredAt: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export const template: Template = {
  id: TEMPLATE_ID,
  name: "Cabinet",
  level: "PLANT",
  type: "CABINET",
  version: 1,
  isSystem: true,
  signals: [],
  actions: [],
  createdAt: AT,
  updatedAt: AT,
};

/** A list reply: `{data, meta}` for page `page` of `totalPages`. */
export function page<T>(data: T[], page = 1, totalPages = 1, limit = 20) {
  return { data, meta: { page, limit, total: totalPages === 0 ? 0 : data.length, totalPages } };
}
