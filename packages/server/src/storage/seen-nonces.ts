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
  /**
   * Forgets the nonces seen before `before` from the head of the table (arrival order); returns how many. One
   * appended after a newer one (the clock stepped back) waits until the rows before it have gone.
   */
  deleteSeenBefore(before: string): number;
}

export function createSeenNonceStore(db: Database): SeenNonceStore {
  const record = db.sqlite.prepare("INSERT INTO seen_nonces (seen_at, plant_id, nonce) VALUES (?, ?, ?)");
  // The first row still in the window: every row before it is older (rows are appended as they arrive), so the
  // scan stops after as many rows as it deletes, and the delete is a range of rowids.
  const firstKept = db.sqlite.prepare(
    "SELECT rowid AS id FROM seen_nonces WHERE seen_at >= ? ORDER BY rowid LIMIT 1",
  );
  const last = db.sqlite.prepare("SELECT max(rowid) AS id FROM seen_nonces");
  const prune = db.sqlite.prepare("DELETE FROM seen_nonces WHERE rowid < ?");
  const recent = db.sqlite.prepare("SELECT plant_id, nonce, seen_at FROM seen_nonces WHERE seen_at >= ?");
  recent.setReturnArrays(true);
  return {
    record: (plantId, nonce, at) => {
      record.run(at, plantId, nonce);
    },
    deleteSeenBefore: (before) => {
      const kept = firstKept.get(before) as { id: number } | undefined;
      const bound = kept ? kept.id : Number((last.get() as { id: number | null }).id ?? 0) + 1;
      return Number(prune.run(bound).changes);
    },
    forEachSeenSince(since, each) {
      for (const row of recent.iterate(since) as unknown as Iterable<[string, string, string]>) {
        each(row[0], row[1], row[2]);
      }
    },
  };
}
