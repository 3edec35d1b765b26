/** The event stream's replay window (events) and per-minute telemetry summaries for history queries. */
import type { Migration } from "./index.ts";

const sql = `
-- The most recent events of GET /api/v1/events, so a stream resumed after a restart loses nothing; pruned to
-- the replay window by the event hub. Ids keep growing across restarts (AUTOINCREMENT never reuses one).
CREATE TABLE events (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id  TEXT NOT NULL,
  plant_id         TEXT NOT NULL,
  type             TEXT NOT NULL,
  at               TEXT NOT NULL,
  data             TEXT NOT NULL       -- JSON object, by type
);

-- One row per plant, metric and minute of device time (ts truncated to YYYY-MM-DDTHH:MM), kept up to date on
-- every insert: a day at one-minute resolution reads 1,440 rows per metric instead of every raw point.
CREATE TABLE telemetry_minutes (
  plant_id  TEXT NOT NULL REFERENCES plants(id) ON DELETE CASCADE,
  minute    TEXT NOT NULL,
  metric    TEXT NOT NULL,
  count     INTEGER NOT NULL,
  sum       REAL NOT NULL,
  min       REAL NOT NULL,
  max       REAL NOT NULL,
  last_ts   TEXT NOT NULL,
  last      REAL NOT NULL,
  PRIMARY KEY (plant_id, minute, metric)
) WITHOUT ROWID;
-- For pruning with the raw telemetry.
CREATE INDEX telemetry_minutes_minute ON telemetry_minutes (minute);

-- Summaries of the telemetry already stored (SQLite takes a bare column beside max() from the row with the max).
INSERT INTO telemetry_minutes (plant_id, minute, metric, count, sum, min, max, last_ts, last)
  SELECT plant_id, substr(ts, 1, 16), key, count(*), sum(value), min(value), max(value), max(ts), value
  FROM telemetry, json_each(telemetry.metrics)
  WHERE typeof(value) IN ('integer', 'real')
  GROUP BY plant_id, substr(ts, 1, 16), key;
`;

export const eventsAndTelemetryMinutes: Migration = { version: 5, name: "events-and-telemetry-minutes", sql };
