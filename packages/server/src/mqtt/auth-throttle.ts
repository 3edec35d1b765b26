/**
 * Failed CONNECTs are rationed per source address and per plant, in fixed windows. A source over its budget has
 * its new connections dropped before the TLS handshake until the window ends (cheap for the broker, so a flood
 * does not slow the good clients); a plant over its budget keeps being checked normally — its own device can
 * still connect — but further failures are no longer added to its counters.
 */
import type { Clock } from "../clock.ts";

export interface AuthThrottleLimits {
  /** Failed CONNECTs a source address may make per window before its connections are dropped. */
  failuresPerSource: number;
  /** Failed CONNECTs charged to one plant's counters per window. */
  failuresPerPlant: number;
  windowMs: number;
}

export interface AuthThrottle {
  /** Whether new connections from `address` are dropped now. */
  isSourceBlocked(address: string | undefined): boolean;
  /** Notes a failed CONNECT; returns whether it may still be charged to the plant's counters. */
  failed(address: string | undefined, plantId: string | undefined): boolean;
  /** Forgets windows that have ended (the sweeper calls it). */
  prune(): void;
}

interface Window {
  startedAt: number;
  failures: number;
}

export function createAuthThrottle(deps: { limits: AuthThrottleLimits; clock: Clock }): AuthThrottle {
  const { limits, clock } = deps;
  const sources = new Map<string, Window>();
  const plants = new Map<string, Window>();

  const current = (windows: Map<string, Window>, key: string, now: number): Window => {
    let window = windows.get(key);
    if (!window || now - window.startedAt >= limits.windowMs) {
      window = { startedAt: now, failures: 0 };
      windows.set(key, window);
    }
    return window;
  };

  return {
    isSourceBlocked(address) {
      if (address === undefined) return false;
      const window = sources.get(address);
      if (!window) return false;
      return (
        window.failures >= limits.failuresPerSource &&
        clock.now().getTime() - window.startedAt < limits.windowMs
      );
    },
    failed(address, plantId) {
      const now = clock.now().getTime();
      if (address !== undefined) current(sources, address, now).failures++;
      if (plantId === undefined) return false;
      const window = current(plants, plantId, now);
      window.failures++;
      return window.failures <= limits.failuresPerPlant;
    },
    prune() {
      const now = clock.now().getTime();
      for (const windows of [sources, plants]) {
        for (const [key, window] of windows)
          if (now - window.startedAt >= limits.windowMs) windows.delete(key);
      }
    },
  };
}
