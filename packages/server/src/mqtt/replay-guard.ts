/**
 * Freshness of device messages: a body's `ts` must be within 5 minutes of the server's clock and its
 * `nonce` unused by the plant in the last 10 minutes. Nonces are kept in seen_nonces, so a restart forgets nothing.
 */
import { isNonce, MAX_CLOCK_SKEW_MS, parseStamp, REPLAY_WINDOW_MS } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { SeenNonceStore } from "../storage/seen-nonces.ts";
import { createNonceFilter, type NonceFilter } from "./nonce-filter.ts";

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

  // Two Bloom filters, one per replay window ("generation"): every nonce used in the current or the previous
  // window is in one of them, so a nonce in neither was certainly not used within the window and needs no query.
  let generation = -1;
  let current: NonceFilter = createNonceFilter();
  let previous: NonceFilter = createNonceFilter();
  const rebuild = (now: number) => {
    // At start, or after the clock jumped: everything the table holds for the window, plus what is in flight.
    current = createNonceFilter();
    previous = createNonceFilter();
    nonces.forEachSeenSince(new Date(now - REPLAY_WINDOW_MS).toISOString(), (plantId, nonce) =>
      current.add(`${plantId} ${nonce}`),
    );
    for (const key of pending) current.add(key);
  };
  const filterAt = (now: number) => {
    const at = Math.floor(now / REPLAY_WINDOW_MS);
    if (at === generation) return;
    if (at === generation + 1) {
      previous = current;
      current = createNonceFilter();
    } else rebuild(now);
    generation = at;
  };

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
      filterAt(now);
      const maybeSeen = current.mightHave(key) || previous.mightHave(key);
      if (
        pending.has(key) ||
        (maybeSeen && nonces.seenSince(plantId, nonce, new Date(now - REPLAY_WINDOW_MS).toISOString()))
      ) {
        return { ok: false, reason: "REPLAY", message: "nonce was already used" };
      }
      pending.add(key);
      current.add(key);
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
