/** The telemetry table: every telemetry message a plant sent, kept for the retention period. */
import type { Database } from "./database.ts";
import { type Row, text } from "./rows.ts";

export interface TelemetryRecord {
  plantId: string;
  /** The time the device put in the message. */
  ts: string;
  metrics: Record<string, number>;
  receivedAt: string;
}

export interface TelemetryStore {
  insert(record: TelemetryRecord): void;
  /** The plant's samples with from ≤ ts < to, in time order. */
  listForPlant(plantId: string, from: string, to: string): TelemetryRecord[];
  /** The plant's last sample with ts < before, if any. */
  lastBefore(plantId: string, before: string): TelemetryRecord | undefined;
  /** Drops up to `limit` of the samples received before `before` (oldest first); returns how many. */
  deleteReceivedBefore(before: string, limit: number): number;
}

export function createTelemetryStore(db: Database): TelemetryStore {
  const insert = db.sqlite.prepare(
    "INSERT INTO telemetry (plant_id, ts, metrics, received_at) VALUES (:plantId, :ts, :metrics, :receivedAt)",
  );
  const between = db.sqlite.prepare(
    "SELECT * FROM telemetry WHERE plant_id = ? AND ts >= ? AND ts < ? ORDER BY ts, id",
  );
  const lastBefore = db.sqlite.prepare(
    "SELECT * FROM telemetry WHERE plant_id = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT 1",
  );
  // Bounded, so a large backlog is deleted in short statements that never hold the event loop for long.
  const prune = db.sqlite.prepare(
    `DELETE FROM telemetry WHERE id IN
       (SELECT id FROM telemetry WHERE received_at < ? ORDER BY received_at LIMIT ?)`,
  );
  return {
    insert: (record) => {
      insert.run({ ...record, metrics: JSON.stringify(record.metrics) });
    },
    listForPlant: (plantId, from, to) => (between.all(plantId, from, to) as Row[]).map(toTelemetry),
    lastBefore: (plantId, before) => {
      const row = lastBefore.get(plantId, before) as Row | undefined;
      return row ? toTelemetry(row) : undefined;
    },
    deleteReceivedBefore: (before, limit) => Number(prune.run(before, limit).changes),
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
