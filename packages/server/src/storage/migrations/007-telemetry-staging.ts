/** telemetry_recent: where the broker appends telemetry, folded into telemetry and telemetry_minutes in batches. */
import type { Migration } from "./index.ts";

// Indexed by (plant_id, ts, id) and summarised per minute, every broker commit dirtied one page of the index and
// one of telemetry_minutes per plant in it: ~100 random pages written to the WAL per commit. Appended to in id
// order with no secondary index, a commit here writes a few pages; the fold (storage/telemetry.ts) moves the
// rows and their summaries across in one transaction every half second. Reads union both tables.
const sql = `
CREATE TABLE telemetry_recent (
  id           INTEGER PRIMARY KEY,
  plant_id     TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  ts           TEXT NOT NULL,
  metrics      TEXT NOT NULL,
  received_at  TEXT NOT NULL
);
`;

export const telemetryStaging: Migration = { version: 7, name: "telemetry-staging", sql };
