// The in-memory nonce window: exact for the keys it holds, time-bounded, and able to give a key back.
import { describe, expect, it } from "vitest";
import { createNonceWindow } from "./nonce-window.ts";

const T = Date.parse("2025-06-01T12:00:30.000Z");

describe("createNonceWindow", () => {
  it("holds every key added, and only those, across many minutes and table growth", () => {
    const window = createNonceWindow();
    for (let i = 0; i < 50_000; i++) window.add(`plant-${i % 7} nonce-${i}`, T + i * 10);
    expect(window.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 97) expect(window.has(`plant-${i % 7} nonce-${i}`, 0)).toBe(true);
    // The same nonce from another plant, and nonces never added, are not held.
    let held = 0;
    for (let i = 0; i < 50_000; i++) if (window.has(`plant-${(i % 7) + 1} nonce-${i}`, 0)) held++;
    for (let i = 50_000; i < 100_000; i++) if (window.has(`plant-${i % 7} nonce-${i}`, 0)) held++;
    expect(held).toBe(0);
  });

  it("answers for keys seen at or after `since` only, to the millisecond", () => {
    const window = createNonceWindow();
    window.add("p n", T);
    expect(window.has("p n", T)).toBe(true);
    expect(window.has("p n", T - 60_000)).toBe(true);
    expect(window.has("p n", T + 1)).toBe(false);
  });

  it("drops whole minutes once they are entirely before the cut", () => {
    const window = createNonceWindow();
    window.add("p early", T); // minute 12:00
    window.add("p later", T + 60_000); // minute 12:01
    window.dropBefore(T + 29_999); // 12:00:59.999: the 12:00 minute still has a millisecond inside
    expect(window.size).toBe(2);
    window.dropBefore(T + 30_000); // 12:01:00.000
    expect(window.size).toBe(1);
    expect(window.has("p early", 0)).toBe(false);
    expect(window.has("p later", 0)).toBe(true);
  });

  it("gives a key back when forgotten with the time it was added at, and not otherwise", () => {
    const window = createNonceWindow();
    window.add("p n", T);
    window.forget("p n", T + 1);
    expect(window.has("p n", 0)).toBe(true);
    window.forget("p n", T);
    expect(window.has("p n", 0)).toBe(false);
    window.add("p n", T + 5);
    expect(window.has("p n", 0)).toBe(true);
  });

  it("check: refuses a held key without adding it, adds a fresh one, and counts each key once", () => {
    const window = createNonceWindow();
    expect(window.check("p n", T - 600_000, T)).toBe(false);
    expect(window.check("p n", T - 600_000, T + 10)).toBe(true);
    expect(window.size).toBe(1);
    window.add("p n", T + 20); // refreshed, not a second key
    expect(window.size).toBe(1);
    // Seen before `since`: no longer held, so taken again.
    expect(window.check("p n", T + 21, T + 30)).toBe(false);
    expect(window.has("p n", T + 30)).toBe(true);
  });

  it("tells keys apart that a single 32-bit lane would confuse (same seeds, many keys)", () => {
    const window = createNonceWindow([1, 2, 3]);
    for (let i = 0; i < 200_000; i++) window.add(`p ${i}`, T);
    let falseHits = 0;
    for (let i = 200_000; i < 400_000; i++) if (window.has(`p ${i}`, 0)) falseHits++;
    expect(falseHits).toBe(0);
  });
});
