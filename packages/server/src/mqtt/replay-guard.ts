/**
 * Freshness of device messages: a body's `ts` must be within 5 minutes of the server's clock and its
 * `nonce` unused by the plant in the last 10 minutes. Nonces are kept in seen_nonces, so a restart forgets nothing.
 */
import { isNonce, MAX_CLOCK_SKEW_MS, parseStamp, REPLAY_WINDOW_MS } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { SeenNonceStore } from "../storage/seen-nonces.ts";

/** The @voke/protocol message refusals freshness can end in. */
export type FreshnessRefusal = "STALE" | "BAD_NONCE" | "REPLAY";

export type FreshnessCheck =
  | {
      ok: true;
      ts: Date;
      /**
       * Writes the nonce to seen_nonces. Run it inside the message's own batched write, so that the nonce and
       * what the message stored commit (or roll back) together: a message rolled back may then be sent again.
       */
      record: () => void;
    }
  | { ok: false; reason: FreshnessRefusal; message: string };

export interface ReplayGuard {
  /**
   * Checks `ts` and `nonce` of a body whose signature already verified; a fresh nonce is held as used until
   * its `record` write has run.
   */
  check(plantId: string, ts: unknown, nonce: unknown): FreshnessCheck;
  /** Forgets nonces older than the replay window; returns how many. */
  prune(): number;
}

export function createReplayGuard(deps: { nonces: SeenNonceStore; clock: Clock }): ReplayGuard {
  const { nonces, clock } = deps;
  // Nonces accepted but not yet recorded; the table answers for the rest.
  const pending = new Set<string>();

  return {
    check(plantId, ts, nonce) {
      const at = parseStamp(ts);
      if (at === undefined) {
        return { ok: false, reason: "STALE", message: "ts must be an ISO 8601 time with a zone" };
      }
      if (!isNonce(nonce)) {
        return { ok: false, reason: "BAD_NONCE", message: "nonce must be 8-64 printable characters" };
      }
      const now = clock.now().getTime();
      if (Math.abs(now - at) > MAX_CLOCK_SKEW_MS) {
        return { ok: false, reason: "STALE", message: "ts is more than 5 minutes off the server's clock" };
      }
      const key = `${plantId} ${nonce}`;
      const since = new Date(now - REPLAY_WINDOW_MS).toISOString();
      if (pending.has(key) || nonces.seenSince(plantId, nonce, since)) {
        return { ok: false, reason: "REPLAY", message: "nonce was already used" };
      }
      pending.add(key);
      const seenAt = new Date(now).toISOString();
      const record = () => {
        pending.delete(key);
        nonces.record(plantId, nonce, seenAt);
      };
      return { ok: true, ts: new Date(at), record };
    },
    prune() {
      return nonces.deleteSeenBefore(new Date(clock.now().getTime() - REPLAY_WINDOW_MS).toISOString());
    },
  };
}
