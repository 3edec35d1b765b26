/**
 * The telemetry table: every telemetry message a plant sent, kept for the retention period, and its per-minute
 * summaries (telemetry_minutes), kept up to date on every insert, that history buckets are built from.
 */
import type { Database } from "./database.ts";
import { integer, type Row, text } from "./rows.ts";

export interface TelemetryRecord {
  plantId: string;
  /** The time the device put in the message. */
  ts: string;
  metrics: Record<string, number>;
  receivedAt: string;
}

/** One metric over one minute of device time. */
export interface MinuteSummary {
  /** YYYY-MM-DDTHH:MM (UTC). */
  minute: string;
  metric: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  lastTs: string;
  last: number;
}

export interface TelemetryStore {
  /**
   * Stores the sample and folds it into its minute summaries, all or nothing: in a transaction of its own, or,
   * when called inside one (the broker's write batch), as part of it — a failure then throws to the caller,
   * whose transaction rolls back.
   */
  insert(record: TelemetryRecord): void;
  /** The plant's samples with from ≤ ts < to, in time order. */
  listForPlant(plantId: string, from: string, to: string): TelemetryRecord[];
  /** One page of the plant's samples with from ≤ ts < to, in time order, and how many there are in all. */
  pageForPlant(
    plantId: string,
    from: string,
    to: string,
    page: { limit: number; offset: number },
  ): { items: TelemetryRecord[]; total: number };
  /** The plant's minute summaries for fromMinute ≤ minute < toMinute, in time order; `metrics` limits them. */
  minutesForPlant(
    plantId: string,
    fromMinute: string,
    toMinute: string,
    metrics?: readonly string[],
  ): MinuteSummary[];
  /** The plant's last sample with ts < before, if any. */
  lastBefore(plantId: string, before: string): TelemetryRecord | undefined;
  /** Drops up to `limit` of the samples received before `before` (oldest first); returns how many. */
  deleteReceivedBefore(before: string, limit: number): number;
}

export function createTelemetryStore(db: Database): TelemetryStore {
  const insert = db.sqlite.prepare(
    "INSERT INTO telemetry (plant_id, ts, metrics, received_at) VALUES (?, ?, ?, ?)",
  );
  const summarize = db.sqlite.prepare(
    `INSERT INTO telemetry_minutes (plant_id, minute, metric, count, sum, min, max, last_ts, last)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
     ON CONFLICT (plant_id, minute, metric) DO UPDATE SET
       count = count + 1, sum = sum + excluded.sum, min = min(min, excluded.min), max = max(max, excluded.max),
       last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
       last_ts = max(last_ts, excluded.last_ts)`,
  );
  const between = db.sqlite.prepare(
    "SELECT * FROM telemetry WHERE plant_id = ? AND ts >= ? AND ts < ? ORDER BY ts, id",
  );
  const page = db.sqlite.prepare(
    "SELECT * FROM telemetry WHERE plant_id = ? AND ts >= ? AND ts < ? ORDER BY ts, id LIMIT ? OFFSET ?",
  );
  const count = db.sqlite.prepare(
    "SELECT COUNT(*) AS total FROM telemetry WHERE plant_id = ? AND ts >= ? AND ts < ?",
  );
  const minutes = db.sqlite.prepare(
    `SELECT * FROM telemetry_minutes WHERE plant_id = ? AND minute >= ? AND minute < ?
       AND (? IS NULL OR metric IN (SELECT value FROM json_each(?))) ORDER BY minute, metric`,
  );
  const lastBefore = db.sqlite.prepare(
    "SELECT * FROM telemetry WHERE plant_id = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT 1",
  );
  // Bounded, so a large backlog is deleted in short statements that never hold the event loop for long.
  const prune = db.sqlite.prepare(
    `DELETE FROM telemetry WHERE id IN
       (SELECT id FROM telemetry WHERE received_at < ? ORDER BY received_at LIMIT ?)`,
  );
  const pruneMinutes = db.sqlite.prepare(
    `DELETE FROM telemetry_minutes WHERE (plant_id, minute, metric) IN
       (SELECT plant_id, minute, metric FROM telemetry_minutes WHERE minute < ? ORDER BY minute LIMIT ?)`,
  );
  return {
    insert: (record) => {
      const write = () => {
        // Positional parameters: node:sqlite binds them without looking names up per call.
        insert.run(record.plantId, record.ts, JSON.stringify(record.metrics), record.receivedAt);
        const minute = record.ts.slice(0, 16);
        for (const metric in record.metrics) {
          const value = record.metrics[metric] as number;
          if (!Number.isFinite(value)) continue;
          summarize.run(record.plantId, minute, metric, value, value, value, record.ts, value);
        }
      };
      // Inside a transaction no savepoint of its own (two statements per message in the write batch).
      if (db.sqlite.isTransaction) write();
      else db.transaction(write);
    },
    listForPlant: (plantId, from, to) => (between.all(plantId, from, to) as Row[]).map(toTelemetry),
    pageForPlant: (plantId, from, to, { limit, offset }) => ({
      items: (page.all(plantId, from, to, limit, offset) as Row[]).map(toTelemetry),
      total: integer(count.get(plantId, from, to) as Row, "total"),
    }),
    minutesForPlant: (plantId, fromMinute, toMinute, metrics) => {
      const list = metrics ? JSON.stringify(metrics) : null;
      return (minutes.all(plantId, fromMinute, toMinute, list, list) as Row[]).map((row) => ({
        minute: text(row, "minute"),
        metric: text(row, "metric"),
        count: integer(row, "count"),
        sum: row.sum as number,
        min: row.min as number,
        max: row.max as number,
        lastTs: text(row, "last_ts"),
        last: row.last as number,
      }));
    },
    lastBefore: (plantId, before) => {
      const row = lastBefore.get(plantId, before) as Row | undefined;
      return row ? toTelemetry(row) : undefined;
    },
    deleteReceivedBefore: (before, limit) => {
      // Summaries go with the raw points (by device minute, close enough for a retention of days).
      pruneMinutes.run(before.slice(0, 16), limit);
      return Number(prune.run(before, limit).changes);
    },
  };
}

function toTelemetry(row: Row): TelemetryRecord {
  return {
    plantId: text(row, "plant_id"),
    ts: text(row, "ts"),
    metrics: JSON.parse(text(row, "metrics")) as Record<string, number>,
    receivedAt: text(row, "received_at"),
  };
}
