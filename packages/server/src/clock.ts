/** The server's notion of "now", passed in everywhere so tests can pin and move time. */

export interface Clock {
  now(): Date;
}

// Under load many messages and events fall in the same millisecond; they share its text.
let isoMs = Number.NaN;
let isoText = "";

/** `at.toISOString()`, formatted once per millisecond however often it is asked for. */
export function isoTime(at: Date): string {
  const ms = at.getTime();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = at.toISOString();
  }
  return isoText;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; for tests. */
export interface AdjustableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/**
 * A fixed clock starting at `start`.
 *
 * @example
 * const clock = createFixedClock("2025-01-01T00:00:00Z");
 * clock.advance(60_000); // one minute later
 */
export function createFixedClock(start: Date | string): AdjustableClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new TypeError(`invalid clock start: ${String(start)}`);
  return {
    now: () => new Date(current),
    set(at) {
      const next = new Date(at).getTime();
      if (Number.isNaN(next)) throw new TypeError(`invalid clock time: ${String(at)}`);
      current = next;
    },
    advance(ms) {
      current += ms;
    },
  };
}
