/**
 * Freshness of device messages: a body's `ts` must be within 5 minutes of the server's clock and its
 * `nonce` unused by the plant in the last 10 minutes. Nonces are checked in memory (nonce-window.ts) and appended
 * to seen_nonces with the message's own writes; the window is read back from there at start, so a restart
 * forgets nothing.
 */
import { isNonce, MAX_CLOCK_SKEW_MS, parseStamp, REPLAY_WINDOW_MS } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { SeenNonceStore } from "../storage/seen-nonces.ts";
import { type Arrival, arrivalAt } from "./arrival.ts";
import { createNonceWindow } from "./nonce-window.ts";

/** The @voke/protocol message refusals freshness can end in. */
export type FreshnessRefusal = "STALE" | "BAD_NONCE" | "REPLAY";

export type FreshnessCheck =
  | {
      ok: true;
      ts: Date;
      /**
       * Appends the nonce to seen_nonces. Run it inside the message's own batched write, so that the nonce and
       * what the message stored commit (or roll back) together.
       */
      record: () => void;
      /** Call when that write was rolled back: the nonce is free again, so the message may be sent again. */
      forget: () => void;
    }
  | { ok: false; reason: FreshnessRefusal; message: string };

export interface ReplayGuard {
  /**
   * Checks `ts` and `nonce` of a body whose signature already verified, against the time the message arrived
   * (the clock's now by default); a fresh nonce is held as used at once.
   */
  check(plantId: string, ts: unknown, nonce: unknown, arrival?: Arrival): FreshnessCheck;
  /** Forgets nonces older than the replay window; returns how many rows left the table. */
  prune(): number;
}

export function createReplayGuard(deps: { nonces: SeenNonceStore; clock: Clock }): ReplayGuard {
  const { nonces, clock } = deps;
  const seen = createNonceWindow();
  nonces.forEachSeenSince(
    new Date(clock.now().getTime() - REPLAY_WINDOW_MS).toISOString(),
    (plantId, nonce, at) => seen.add(`${plantId} ${nonce}`, Date.parse(at)),
  );

  return {
    check(plantId, ts, nonce, arrival = arrivalAt(clock.now())) {
      const at = parseStamp(ts);
      if (at === undefined) {
        return { ok: false, reason: "STALE", message: "ts must be an ISO 8601 time with a zone" };
      }
      if (!isNonce(nonce)) {
        return { ok: false, reason: "BAD_NONCE", message: "nonce must be 8-64 printable characters" };
      }
      const now = arrival.ms;
      if (Math.abs(now - at) > MAX_CLOCK_SKEW_MS) {
        return { ok: false, reason: "STALE", message: "ts is more than 5 minutes off the server's clock" };
      }
      const key = `${plantId} ${nonce}`;
      if (seen.check(key, now - REPLAY_WINDOW_MS, now)) {
        return { ok: false, reason: "REPLAY", message: "nonce was already used" };
      }
      return {
        ok: true,
        ts: new Date(at),
        record: () => nonces.record(plantId, nonce, arrival.iso),
        forget: () => seen.forget(key, now),
      };
    },
    prune() {
      const before = clock.now().getTime() - REPLAY_WINDOW_MS;
      seen.dropBefore(before);
      return nonces.deleteSeenBefore(new Date(before).toISOString());
    },
  };
}
