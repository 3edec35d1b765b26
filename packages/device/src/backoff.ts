/** Reconnect delays: exponential from minMs up to maxMs, each jittered so a fleet does not reconnect in step. */
import { DeviceError } from "./errors.ts";

export interface BackoffOptions {
  /** First delay, in ms (default 500). */
  minMs?: number;
  /** Largest delay, in ms (default 30 000). */
  maxMs?: number;
}

export interface Backoff {
  /** The delay before the next attempt; each call doubles the ceiling until maxMs. */
  next(): number;
  /** Back to minMs after a successful connection. */
  reset(): void;
  /** Attempts since the last reset. */
  readonly attempt: number;
}

export const DEFAULT_BACKOFF = { minMs: 500, maxMs: 30_000 } as const;

/**
 * Delay n (from 0) is drawn uniformly from [ceiling / 2, ceiling] with ceiling = min(maxMs, minMs·2ⁿ),
 * and never below minMs.
 *
 * @example
 * const backoff = createBackoff({ minMs: 200, maxMs: 10_000 });
 * setTimeout(reconnect, backoff.next());
 */
export function createBackoff(options: BackoffOptions = {}, random: () => number = Math.random): Backoff {
  const minMs = options.minMs ?? DEFAULT_BACKOFF.minMs;
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  if (!Number.isFinite(minMs) || minMs < 0)
    throw new DeviceError("INVALID_INPUT", "reconnect.minMs must be ≥ 0");
  if (!Number.isFinite(maxMs) || maxMs < minMs) {
    throw new DeviceError("INVALID_INPUT", "reconnect.maxMs must be a number ≥ reconnect.minMs");
  }
  let attempt = 0;
  return {
    next() {
      // 2^30 already exceeds any sane maxMs; capping the exponent keeps the arithmetic finite.
      const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
      attempt += 1;
      const jittered = ceiling / 2 + random() * (ceiling / 2);
      return Math.round(Math.min(maxMs, Math.max(minMs, jittered)));
    },
    reset() {
      attempt = 0;
    },
    get attempt() {
      return attempt;
    },
  };
}
