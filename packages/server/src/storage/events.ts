/** The events table: the event stream's replay window, kept across restarts. */
import type { Database } from "./database.ts";
import { integer, type Row, text } from "./rows.ts";

export const EVENT_TYPES = ["telemetry", "presence", "lifecycle", "command", "alert", "refusal"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventRecord {
  /** Grows by one per event, across restarts. */
  id: number;
  organizationId: string;
  plantId: string;
  type: EventType;
  at: string;
  data: Record<string, unknown>;
}

export interface EventStore {
  /** Stores events whose ids the hub assigned. */
  insertMany(events: readonly EventRecord[]): void;
  /** The newest `limit` events, oldest first. */
  latest(limit: number): EventRecord[];
  /** The highest id ever given (0 when none), also when its event was pruned since. */
  lastId(): number;
  /** Drops the events with id ≤ `upTo`. */
  deleteUpTo(upTo: number): void;
}

export function createEventStore(db: Database): EventStore {
  const insert = db.sqlite.prepare(
    "INSERT INTO events (id, organization_id, plant_id, type, at, data) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const latest = db.sqlite.prepare(
    "SELECT * FROM (SELECT * FROM events ORDER BY id DESC LIMIT ?) ORDER BY id",
  );
  const lastId = db.sqlite.prepare(
    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), COALESCE((SELECT MAX(id) FROM events), 0)) AS id",
  );
  const prune = db.sqlite.prepare("DELETE FROM events WHERE id <= ?");
  return {
    insertMany(events) {
      db.transaction(() => {
        for (const event of events) {
          insert.run(
            event.id,
            event.organizationId,
            event.plantId,
            event.type,
            event.at,
            JSON.stringify(event.data),
          );
        }
      });
    },
    latest: (limit) => (latest.all(limit) as Row[]).map(toEvent),
    lastId: () => integer(lastId.get() as Row, "id"),
    deleteUpTo: (upTo) => {
      prune.run(upTo);
    },
  };
}

function toEvent(row: Row): EventRecord {
  return {
    id: integer(row, "id"),
    organizationId: text(row, "organization_id"),
    plantId: text(row, "plant_id"),
    type: text(row, "type") as EventType,
    at: text(row, "at"),
    data: JSON.parse(text(row, "data")) as Record<string, unknown>,
  };
}
