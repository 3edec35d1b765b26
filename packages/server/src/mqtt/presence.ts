/**
 * Plant presence: ONLINE while a session is open, OFFLINE otherwise (and all OFFLINE at start), lastSeenAt on
 * connect and on every accepted message, PROVISIONED → ACTIVE on the first successful connect.
 */
import type { Clock } from "../clock.ts";
import type { Store } from "../storage/store.ts";
import type { WriteBatch } from "./write-batch.ts";

export interface Presence {
  /** Every plant OFFLINE: no session survives a restart. */
  resetAll(): void;
  /** The plant's session opened; false when the plant may no longer connect (suspended or revoked meanwhile). */
  connected(plantId: string): boolean;
  disconnected(plantId: string): void;
  /** An accepted message: lastSeenAt moves on with the next batch, once per plant per batch. */
  seen(plantId: string): void;
}

export function createPresence(deps: { store: Store; batch: WriteBatch; clock: Clock }): Presence {
  const { store, batch, clock } = deps;
  const seen = new Map<string, string>();
  const writeSeen = () => {
    for (const [plantId, at] of seen) store.plants.touchLastSeen(plantId, at);
    seen.clear();
  };
  return {
    resetAll: () => store.plants.markAllOffline(),
    connected: (plantId) => store.plants.markOnline(plantId, clock.now().toISOString()),
    disconnected: (plantId) => store.plants.markOffline(plantId),
    seen(plantId) {
      if (seen.size === 0) batch.add(writeSeen);
      seen.set(plantId, clock.now().toISOString());
    },
  };
}
