/** The plant_refusals table and the plant's two refusal counters: authentication failures and message refusals. */
import type { Database } from "./database.ts";
import { integer, type Row, text } from "./rows.ts";

export type RefusalKind = "AUTHENTICATION" | "MESSAGE";

export interface RefusalTally {
  plantId: string;
  kind: RefusalKind;
  /** A refusal name from @voke/protocol. */
  reason: string;
  count: number;
  /** When the latest of them happened (ISO time). */
  at: string;
}

export interface PlantRefusalStore {
  /** Adds `count` refusals of one reason to the plant's counters; a plant that is gone is skipped. */
  add(tally: RefusalTally): void;
  /** The plant's counts by kind and reason. */
  countsFor(plantId: string): Record<RefusalKind, Record<string, number>>;
}

export function createPlantRefusalStore(db: Database): PlantRefusalStore {
  const upsert = db.sqlite.prepare(
    `INSERT INTO plant_refusals (plant_id, kind, reason, count, last_at)
     SELECT :plantId, :kind, :reason, :count, :at WHERE EXISTS (SELECT 1 FROM plants WHERE id = :plantId)
     ON CONFLICT (plant_id, kind, reason) DO UPDATE SET count = count + excluded.count, last_at = excluded.last_at`,
  );
  const authCounter = db.sqlite.prepare(
    `UPDATE plants SET auth_failure_count = auth_failure_count + :count, last_auth_failure_at = :at
     WHERE id = :plantId`,
  );
  const messageCounter = db.sqlite.prepare(
    `UPDATE plants SET message_refusal_count = message_refusal_count + :count, last_message_refusal_at = :at
     WHERE id = :plantId`,
  );
  const list = db.sqlite.prepare(
    "SELECT kind, reason, count FROM plant_refusals WHERE plant_id = ? ORDER BY reason",
  );
  return {
    add(tally) {
      const params = {
        plantId: tally.plantId,
        kind: tally.kind,
        reason: tally.reason,
        count: tally.count,
        at: tally.at,
      };
      upsert.run(params);
      const { kind: _kind, reason: _reason, ...counter } = params;
      (tally.kind === "AUTHENTICATION" ? authCounter : messageCounter).run(counter);
    },
    countsFor(plantId) {
      const counts: Record<RefusalKind, Record<string, number>> = { AUTHENTICATION: {}, MESSAGE: {} };
      for (const row of list.all(plantId) as Row[]) {
        counts[text(row, "kind") as RefusalKind][text(row, "reason")] = integer(row, "count");
      }
      return counts;
    },
  };
}
