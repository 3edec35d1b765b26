/** The first schema: every table the API needs, plus the read-only system templates. */
import type { Migration } from "./index.ts";

/** Fixed ids of the system templates, so users and tests can rely on them. */
export const SYSTEM_TEMPLATE_IDS = {
  plantCabinet: "00000000-0000-4000-8000-000000000001",
  deviceInverter: "00000000-0000-4000-8000-000000000002",
  deviceBattery: "00000000-0000-4000-8000-000000000003",
  deviceMeter: "00000000-0000-4000-8000-000000000004",
} as const;

// Times are ISO 8601 text in UTC with milliseconds (Date.toISOString), so text order is time order.
// JSON columns hold JSON text. Booleans are 0/1.
const sql = `
CREATE TABLE organizations (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name             TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'superadmin')),
  token_hash       TEXT NOT NULL UNIQUE,   -- sha-256 hex of the token; the token itself is never stored
  created_at       TEXT NOT NULL,
  last_used_at     TEXT,
  revoked_at       TEXT
);
CREATE INDEX api_tokens_organization ON api_tokens (organization_id);

CREATE TABLE templates (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT REFERENCES organizations(id) ON DELETE CASCADE,  -- NULL: system template
  name             TEXT NOT NULL,
  level            TEXT NOT NULL CHECK (level IN ('PLANT', 'DEVICE')),
  type             TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  is_system        INTEGER NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1)),
  signals          TEXT NOT NULL DEFAULT '[]',
  actions          TEXT NOT NULL DEFAULT '[]',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE plants (
  id                         TEXT PRIMARY KEY,
  organization_id            TEXT NOT NULL REFERENCES organizations(id),
  name                       TEXT NOT NULL,
  serial_number              TEXT NOT NULL UNIQUE,
  type                       TEXT NOT NULL CHECK (type IN ('SENSOR', 'ACTUATOR', 'GATEWAY', 'CONTROLLER')),
  auth_method                TEXT NOT NULL CHECK (auth_method IN ('MTLS', 'TOKEN', 'PASSWORD')),
  lifecycle_status           TEXT NOT NULL DEFAULT 'PENDING'
                             CHECK (lifecycle_status IN ('PENDING', 'PROVISIONED', 'ACTIVE', 'SUSPENDED', 'DECOMMISSIONED')),
  status                     TEXT NOT NULL DEFAULT 'OFFLINE' CHECK (status IN ('ONLINE', 'OFFLINE')),
  template_id                TEXT REFERENCES templates(id) ON DELETE SET NULL,
  external_plant_id          TEXT,
  description                TEXT,
  tag                        TEXT,
  latitude                   REAL,
  longitude                  REAL,
  metadata                   TEXT,                  -- JSON object or NULL
  -- Reported by the plant itself on its status topic:
  esi_state                  TEXT,
  capacity_kwh               REAL,
  fve_peak_power_kwp         REAL,
  plant_with_load            INTEGER CHECK (plant_with_load IN (0, 1)),
  config_enabled             INTEGER CHECK (config_enabled IN (0, 1)),
  -- Credentials and authentication health:
  certificate_fingerprint    TEXT,
  certificate_serial_number  TEXT,
  certificate_expires_at     TEXT,
  secret_rotated_at          TEXT,
  provisioned_at             TEXT,
  activated_at               TEXT,
  last_seen_at               TEXT,
  auth_failure_count         INTEGER NOT NULL DEFAULT 0,
  last_auth_failure_at       TEXT,
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL
);
CREATE INDEX plants_organization_order ON plants (organization_id, created_at, id);
CREATE INDEX plants_order ON plants (created_at, id);

-- The plant's current credentials; secrets and private keys sealed with the server's SecretBox.
CREATE TABLE plant_credentials (
  plant_id                      TEXT PRIMARY KEY REFERENCES plants(id) ON DELETE CASCADE,
  auth_method                   TEXT NOT NULL CHECK (auth_method IN ('MTLS', 'TOKEN', 'PASSWORD')),  -- issued for
  certificate_pem               TEXT,        -- MTLS plants only
  certificate_serial_number     TEXT,
  certificate_not_after         TEXT,
  sealed_private_key            TEXT,        -- MTLS plants only
  sealed_hmac_secret            TEXT,        -- NULL once destroyed by revoke
  sealed_previous_hmac_secret   TEXT,
  previous_secret_valid_until   TEXT,
  revoked                       INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  issued_at                     TEXT NOT NULL,
  updated_at                    TEXT NOT NULL
);

-- Every certificate the CA has revoked; the CRL is built from this table. Kept after a plant is deleted.
CREATE TABLE revoked_certificates (
  serial_number  TEXT PRIMARY KEY,           -- lowercase hex
  plant_id       TEXT,
  revoked_at     TEXT NOT NULL,
  reason         TEXT NOT NULL,
  not_after      TEXT
);

CREATE TABLE commands (
  id               TEXT PRIMARY KEY,
  plant_id         TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  cmd_id           TEXT NOT NULL UNIQUE,       -- the id the device sees and echoes in its ack
  command          TEXT NOT NULL,
  payload          TEXT,                       -- JSON object or NULL
  target           TEXT,
  status           TEXT NOT NULL DEFAULT 'QUEUED'
                   CHECK (status IN ('QUEUED', 'SENT', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'EXPIRED')),
  sent_at          TEXT,
  acked_at         TEXT,
  response_status  TEXT,
  response         TEXT,                       -- JSON or NULL
  created_at       TEXT NOT NULL,
  expires_at       TEXT NOT NULL
);
CREATE INDEX commands_plant_order ON commands (plant_id, created_at, id);
CREATE INDEX commands_status ON commands (status, plant_id);

CREATE TABLE alert_rules (
  id                 TEXT PRIMARY KEY,
  organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  plant_id           TEXT REFERENCES plants(id) ON DELETE CASCADE,   -- NULL: every plant of the organization
  name               TEXT NOT NULL,
  metric             TEXT NOT NULL,
  condition          TEXT NOT NULL CHECK (condition IN ('LT', 'GT', 'EQ')),
  threshold          REAL NOT NULL,
  severity           TEXT NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL', 'EMERGENCY')),
  cooldown_minutes   INTEGER NOT NULL DEFAULT 15,
  enabled            INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  last_triggered_at  TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX alert_rules_organization_order ON alert_rules (organization_id, created_at, id);
CREATE INDEX alert_rules_plant ON alert_rules (plant_id);

CREATE TABLE alerts (
  id                TEXT PRIMARY KEY,
  organization_id   TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  plant_id          TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  rule_id           TEXT REFERENCES alert_rules(id) ON DELETE SET NULL,
  type              TEXT NOT NULL,
  severity          TEXT NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL', 'EMERGENCY')),
  status            TEXT NOT NULL DEFAULT 'ACTIVE',
  message           TEXT NOT NULL,
  metric            TEXT,
  value             REAL,
  acknowledged_at   TEXT,
  acknowledged_by   TEXT,
  resolved_at       TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX alerts_plant_order ON alerts (plant_id, created_at, id);

CREATE TABLE telemetry (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  plant_id     TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  ts           TEXT NOT NULL,                  -- the time the device put in the message
  metrics      TEXT NOT NULL,                  -- JSON object {name: number}
  received_at  TEXT NOT NULL
);
CREATE INDEX telemetry_plant_ts ON telemetry (plant_id, ts, id);
CREATE INDEX telemetry_received ON telemetry (received_at);

CREATE TABLE seen_nonces (
  plant_id  TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  nonce     TEXT NOT NULL,
  seen_at   TEXT NOT NULL,
  PRIMARY KEY (plant_id, nonce)
);
CREATE INDEX seen_nonces_seen_at ON seen_nonces (seen_at);

-- Idempotency-Key records, scoped to the token that sent them. status_code NULL: first request in flight.
CREATE TABLE idempotency_keys (
  token_id          TEXT NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  organization_id   TEXT NOT NULL,
  key               TEXT NOT NULL,
  request_method    TEXT NOT NULL,
  request_path      TEXT NOT NULL,
  request_hash      TEXT NOT NULL,              -- sha-256 of method, path and body
  status_code       INTEGER,
  response_headers  TEXT,                       -- JSON object of the headers worth replaying
  sealed_response   TEXT,                       -- the body, sealed: replies may carry secrets
  created_at        TEXT NOT NULL,
  PRIMARY KEY (token_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

INSERT INTO templates (id, organization_id, name, level, type, version, is_system, signals, actions, created_at, updated_at) VALUES
  ('${SYSTEM_TEMPLATE_IDS.plantCabinet}', NULL, 'Generic PV plant cabinet', 'PLANT', 'CABINET', 1, 1,
   '[{"key":"producedKwh","unit":"kWh","type":"number"},{"key":"importedKwh","unit":"kWh","type":"number"},{"key":"exportedKwh","unit":"kWh","type":"number"}]',
   '[{"command":"reboot"},{"command":"sync-config"}]',
   '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('${SYSTEM_TEMPLATE_IDS.deviceInverter}', NULL, 'Generic inverter', 'DEVICE', 'INVERTER', 1, 1,
   '[{"key":"powerW","unit":"W","type":"number"},{"key":"producedKwh","unit":"kWh","type":"number"}]',
   '[{"command":"set-power-limit","payload":{"limitW":"number"}}]',
   '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('${SYSTEM_TEMPLATE_IDS.deviceBattery}', NULL, 'Generic battery', 'DEVICE', 'BATTERY', 1, 1,
   '[{"key":"socPct","unit":"%","type":"number"},{"key":"powerW","unit":"W","type":"number"}]',
   '[{"command":"set-charge-mode","payload":{"mode":"string"}}]',
   '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  ('${SYSTEM_TEMPLATE_IDS.deviceMeter}', NULL, 'Generic energy meter', 'DEVICE', 'METER', 1, 1,
   '[{"key":"importedKwh","unit":"kWh","type":"number"},{"key":"exportedKwh","unit":"kWh","type":"number"}]',
   '[]',
   '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
`;

export const initialSchema: Migration = { version: 1, name: "initial schema", sql };
