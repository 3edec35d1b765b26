import { describe, expect, it } from "vitest";
import { createBackoff } from "./backoff.ts";

describe("createBackoff", () => {
  it("doubles the ceiling up to maxMs and draws each delay from its upper half", () => {
    const low = createBackoff({ minMs: 100, maxMs: 1000 }, () => 0);
    expect([low.next(), low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([
      100, 100, 200, 400, 500, 500,
    ]);
    const high = createBackoff({ minMs: 100, maxMs: 1000 }, () => 1);
    expect([high.next(), high.next(), high.next(), high.next(), high.next()]).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it("spreads a fleet: delays at the same attempt differ with the random draw", () => {
    const draws = [0.1, 0.9];
    const delays = draws.map((draw) => {
      const backoff = createBackoff({ minMs: 100, maxMs: 60_000 }, () => draw);
      for (let i = 0; i < 5; i += 1) backoff.next();
      return backoff.next();
    });
    expect(delays[0]).toBeLessThan(delays[1] as number);
    expect(delays[0]).toBeGreaterThanOrEqual(1600);
    expect(delays[1]).toBeLessThanOrEqual(3200);
  });

  it("starts again from minMs after reset and counts attempts", () => {
    const backoff = createBackoff({ minMs: 50, maxMs: 5000 }, () => 1);
    backoff.next();
    backoff.next();
    expect(backoff.attempt).toBe(2);
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(50);
  });

  it("stays finite after very many attempts", () => {
    const backoff = createBackoff({ minMs: 1, maxMs: 10_000 }, () => 1);
    let last = 0;
    for (let i = 0; i < 5000; i += 1) last = backoff.next();
    expect(last).toBe(10_000);
  });

  it("refuses nonsensical bounds", () => {
    expect(() => createBackoff({ minMs: -1 })).toThrow(/minMs/);
    expect(() => createBackoff({ minMs: 1000, maxMs: 10 })).toThrow(/maxMs/);
  });
});
