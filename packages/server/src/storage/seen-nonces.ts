/** The seen_nonces table: each plant's recent message nonces, so a replay is caught even after a restart. */
import type { Database } from "./database.ts";

export interface SeenNonceStore {
  /** Whether the plant used `nonce` at or after `since`. */
  seenSince(plantId: string, nonce: string, since: string): boolean;
  /** Records (or refreshes) the nonce as seen at `at`. */
  record(plantId: string, nonce: string, at: string): void;
  /** Calls `each` for every nonce seen at or after `since`. */
  forEachSeenSince(since: string, each: (plantId: string, nonce: string) => void): void;
  /** Forgets nonces seen before `before`; returns how many. */
  deleteSeenBefore(before: string): number;
}

export function createSeenNonceStore(db: Database): SeenNonceStore {
  const seen = db.sqlite.prepare(
    "SELECT 1 FROM seen_nonces WHERE plant_id = ? AND nonce = ? AND seen_at >= ?",
  );
  const record = db.sqlite.prepare(
    `INSERT INTO seen_nonces (plant_id, nonce, seen_at) VALUES (?, ?, ?)
     ON CONFLICT (plant_id, nonce) DO UPDATE SET seen_at = excluded.seen_at`,
  );
  const prune = db.sqlite.prepare("DELETE FROM seen_nonces WHERE seen_at < ?");
  const recent = db.sqlite.prepare("SELECT plant_id, nonce FROM seen_nonces WHERE seen_at >= ?");
  recent.setReturnArrays(true);
  return {
    seenSince: (plantId, nonce, since) => seen.get(plantId, nonce, since) !== undefined,
    record: (plantId, nonce, at) => {
      record.run(plantId, nonce, at);
    },
    deleteSeenBefore: (before) => Number(prune.run(before).changes),
    forEachSeenSince(since, each) {
      for (const row of recent.iterate(since) as unknown as Iterable<[string, string]>) each(row[0], row[1]);
    },
  };
}
