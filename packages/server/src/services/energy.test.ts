import { describe, expect, it } from "vitest";
import { computeEnergySummary, registerIncrease, utcDay } from "./energy.ts";

const sample = (metrics: Record<string, number>) => ({ plantId: "p", ts: "t", metrics, receivedAt: "t" });

describe("registerIncrease", () => {
  it("adds up rises and treats a drop as a reset from zero", () => {
    expect(registerIncrease([])).toBe(0);
    expect(registerIncrease([5])).toBe(0);
    expect(registerIncrease([5, 7, 7, 10])).toBe(5);
    expect(registerIncrease([100, 104, 3, 6])).toBe(10);
  });
});

describe("utcDay", () => {
  it("is the UTC calendar day, whatever the offset", () => {
    expect(utcDay(new Date("2025-03-09T23:59:59.999Z"))).toEqual({
      date: "2025-03-09",
      start: "2025-03-09T00:00:00.000Z",
      end: "2025-03-10T00:00:00.000Z",
    });
  });
});

describe("computeEnergySummary", () => {
  it("computes self-consumption and rounds floating-point noise away", () => {
    const summary = computeEnergySummary("2025-01-01", [
      sample({ producedKwh: 10.1, exportedKwh: 0.1 }),
      sample({ producedKwh: 10.4, exportedKwh: 0.2 }),
    ]);
    expect(summary).toEqual({
      date: "2025-01-01",
      produced: 0.3,
      imported: 0,
      exported: 0.1,
      selfConsumptionPct: 66.67,
    });
  });

  it("is 0 % self-consumption when nothing was produced, and ignores samples without the register", () => {
    const summary = computeEnergySummary("2025-01-01", [
      sample({ importedKwh: 1 }),
      sample({ soc: 50 }),
      sample({ importedKwh: 4 }),
    ]);
    expect(summary).toEqual({
      date: "2025-01-01",
      produced: 0,
      imported: 3,
      exported: 0,
      selfConsumptionPct: 0,
    });
  });
});
