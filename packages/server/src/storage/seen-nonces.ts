/**
 * The seen_nonces table: each plant's recent message nonces, appended with the message's own writes so a replay
 * is caught even after a restart. It is only appended to, read at start and pruned; the replay check itself
 * answers from memory (mqtt/nonce-window.ts).
 */
import type { Database } from "./database.ts";

export interface SeenNonceStore {
  /** Appends the nonce as seen by the plant at `at`. */
  record(plantId: string, nonce: string, at: string): void;
  /** Calls `each` for every nonce seen at or after `since`. */
  forEachSeenSince(since: string, each: (plantId: string, nonce: string, at: string) => void): void;
  /** Forgets nonces seen before `before`; returns how many. */
  deleteSeenBefore(before: string): number;
}

export function createSeenNonceStore(db: Database): SeenNonceStore {
  const record = db.sqlite.prepare("INSERT INTO seen_nonces (seen_at, plant_id, nonce) VALUES (?, ?, ?)");
  const prune = db.sqlite.prepare("DELETE FROM seen_nonces WHERE seen_at < ?");
  const recent = db.sqlite.prepare("SELECT plant_id, nonce, seen_at FROM seen_nonces WHERE seen_at >= ?");
  recent.setReturnArrays(true);
  return {
    record: (plantId, nonce, at) => {
      record.run(at, plantId, nonce);
    },
    deleteSeenBefore: (before) => Number(prune.run(before).changes),
    forEachSeenSince(since, each) {
      for (const row of recent.iterate(since) as unknown as Iterable<[string, string, string]>) {
        each(row[0], row[1], row[2]);
      }
    },
  };
}
