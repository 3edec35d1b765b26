/** Refusals counted per plant and reason, message refusals apart from authentication failures, and MQTT token epochs. */
import type { Migration } from "./index.ts";

const sql = `
-- Bumped by suspend, revoke and re-provision: a TOKEN plant's JWT carries the epoch it was issued in.
ALTER TABLE plants ADD COLUMN mqtt_token_epoch INTEGER NOT NULL DEFAULT 0;
-- auth_failure_count counts refused CONNECTs only; refused messages of a connected plant are counted here.
ALTER TABLE plants ADD COLUMN message_refusal_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plants ADD COLUMN last_message_refusal_at TEXT;

-- One row per plant, kind and refusal name (@voke/protocol AUTH_REFUSALS / MESSAGE_REFUSALS).
CREATE TABLE plant_refusals (
  plant_id  TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  kind      TEXT NOT NULL CHECK (kind IN ('AUTHENTICATION', 'MESSAGE')),
  reason    TEXT NOT NULL,
  count     INTEGER NOT NULL,
  last_at   TEXT NOT NULL,
  PRIMARY KEY (plant_id, kind, reason)
) WITHOUT ROWID;
`;

export const brokerRefusals: Migration = { version: 4, name: "broker-refusals", sql };
