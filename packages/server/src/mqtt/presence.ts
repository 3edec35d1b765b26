/**
 * Plant presence, through the device activity service: ONLINE while a session is open, OFFLINE otherwise (and
 * all OFFLINE at start), lastSeenAt on connect and on every accepted message, batched once per plant per batch.
 */
import type { Clock } from "../clock.ts";
import type { DeviceActivityService } from "../services/device-activity.ts";
import type { WriteBatch } from "./write-batch.ts";

export interface Presence {
  /** Every plant OFFLINE: no session survives a restart. */
  resetAll(): void;
  /** The plant's session opened; false when the plant may no longer connect (suspended or revoked meanwhile). */
  connected(plantId: string): boolean;
  disconnected(plantId: string): void;
  /** An accepted message (arrived at `at`, ISO text): lastSeenAt moves on with the next batch, once per plant per batch. */
  seen(plantId: string, at?: string): void;
}

export function createPresence(deps: {
  activity: DeviceActivityService;
  batch: WriteBatch;
  clock: Clock;
}): Presence {
  const { activity, batch, clock } = deps;
  let seen = new Map<string, string>();
  const writeSeen = () => {
    const batchSeen = seen;
    seen = new Map();
    activity.seen(batchSeen);
  };
  return {
    resetAll: () => activity.resetPresence(),
    connected: (plantId) => activity.connected(plantId),
    disconnected: (plantId) => activity.disconnected(plantId),
    seen(plantId, at = clock.now().toISOString()) {
      if (seen.size === 0) batch.add(writeSeen);
      seen.set(plantId, at);
    },
  };
}
