/**
 * Per-plant telemetry quotas: messages per second (a token bucket that allows bursts of a minute' worth) and
 * payload bytes per UTC day. The defaults are far above what a real plant sends (one message every few seconds,
 * a few hundred bytes) and far below what a flood does; kept in memory, so a restart starts the day afresh.
 */
import type { Clock } from "../clock.ts";

export interface TelemetryQuotaLimits {
  messagesPerSecond: number;
  bytesPerDay: number;
}

export interface TelemetryQuota {
  /**
   * Takes one telemetry message of `bytes` from the plant's quota at `now` (ms; the clock's by default); false
   * when it is over either limit.
   */
  admit(plantId: string, bytes: number, now?: number): boolean;
  /** Forgets plants that have been quiet long enough to have a full bucket (the sweeper calls it). */
  prune(): void;
}

const BURST_SECONDS = 60;
const DAY_MS = 86_400_000;

interface Allowance {
  tokens: number;
  refilledAt: number;
  day: number;
  bytes: number;
}

export function createTelemetryQuota(deps: { limits: TelemetryQuotaLimits; clock: Clock }): TelemetryQuota {
  const { limits, clock } = deps;
  const capacity = limits.messagesPerSecond * BURST_SECONDS;
  const allowances = new Map<string, Allowance>();
  return {
    admit(plantId, bytes, now = clock.now().getTime()) {
      const day = Math.floor(now / DAY_MS);
      let allowance = allowances.get(plantId);
      if (!allowance) {
        allowance = { tokens: capacity, refilledAt: now, day, bytes: 0 };
        allowances.set(plantId, allowance);
      }
      allowance.tokens = Math.min(
        capacity,
        allowance.tokens + ((now - allowance.refilledAt) / 1000) * limits.messagesPerSecond,
      );
      allowance.refilledAt = now;
      if (allowance.day !== day) {
        allowance.day = day;
        allowance.bytes = 0;
      }
      if (allowance.tokens < 1 || allowance.bytes + bytes > limits.bytesPerDay) return false;
      allowance.tokens -= 1;
      allowance.bytes += bytes;
      return true;
    },
    prune() {
      const now = clock.now().getTime();
      const day = Math.floor(now / DAY_MS);
      for (const [plantId, allowance] of allowances) {
        const full =
          allowance.tokens + ((now - allowance.refilledAt) / 1000) * limits.messagesPerSecond >= capacity;
        if (full && (allowance.day !== day || allowance.bytes === 0)) allowances.delete(plantId);
      }
    },
  };
}
