import { describe, expect, it } from "vitest";
import { createFixedClock, isoTime, systemClock } from "./clock.ts";

describe("clock", () => {
  it("a fixed clock stands still and moves only when told", () => {
    const clock = createFixedClock("2025-03-01T10:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2025-03-01T10:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2025-03-01T10:00:00.000Z");
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe("2025-03-01T10:01:30.000Z");
    clock.set("2026-01-01T00:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("returns a fresh Date each time so callers cannot move it by mutation", () => {
    const clock = createFixedClock("2025-03-01T10:00:00.000Z");
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2025);
  });

  it("rejects an invalid start", () => {
    expect(() => createFixedClock("not a date")).toThrow(/invalid clock start/);
  });

  it("the system clock follows the wall clock", () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("isoTime gives toISOString's text, also when asked twice in one millisecond and for another", () => {
    for (const ms of [0, 1, 1, 1_748_779_200_123, 1_748_779_200_123, 1_748_779_200_124, 1]) {
      expect(isoTime(new Date(ms))).toBe(new Date(ms).toISOString());
    }
  });
});
