/** Presence columns of the plants table (status, lastSeenAt, the first-connect activation), as single statements. */
import type { Database } from "../../storage/database.ts";

export interface PlantPresenceRepository {
  /**
   * ONLINE and seen at `at`; a PROVISIONED plant becomes ACTIVE with activatedAt = `at`. Returns false when the
   * plant is gone or no longer in a state that may connect (suspended or revoked meanwhile).
   */
  markOnline(plantId: string, at: string): boolean;
  markOffline(plantId: string): void;
  /** Moves lastSeenAt forward to `at` (never back). */
  touch(plantId: string, at: string): void;
}

export function createPlantPresenceRepository(db: Database): PlantPresenceRepository {
  // SQLite evaluates every SET expression against the row as it was, so the CASEs all see the old lifecycle.
  const online = db.sqlite.prepare(
    `UPDATE plants SET
       status = 'ONLINE',
       last_seen_at = :at,
       activated_at = CASE WHEN lifecycle_status = 'PROVISIONED' THEN :at ELSE activated_at END,
       updated_at = CASE WHEN lifecycle_status = 'PROVISIONED' THEN :at ELSE updated_at END,
       lifecycle_status = CASE WHEN lifecycle_status = 'PROVISIONED' THEN 'ACTIVE' ELSE lifecycle_status END
     WHERE id = :id AND lifecycle_status IN ('PROVISIONED', 'ACTIVE')`,
  );
  const offline = db.sqlite.prepare("UPDATE plants SET status = 'OFFLINE' WHERE id = ?");
  const touch = db.sqlite.prepare(
    "UPDATE plants SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
  );
  return {
    markOnline: (plantId, at) => Number(online.run({ id: plantId, at }).changes) > 0,
    markOffline: (plantId) => {
      offline.run(plantId);
    },
    touch: (plantId, at) => {
      touch.run(at, plantId, at);
    },
  };
}
