import { describe, expect, it } from "vitest";
import { runPool } from "./pool.ts";

describe("runPool", () => {
  it("does every item with at most N in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      done.push(item);
      inFlight--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("stops taking items after a failure and rejects with it", async () => {
    const started: number[] = [];
    const failure = await runPool([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error("boom");
    }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe("boom");
    expect(started).toEqual([1, 2]);
  });

  it("finishes at once for no items", async () => {
    await expect(runPool([], 8, async () => {})).resolves.toBeUndefined();
  });

  it("reads a stream only as fast as work finishes, and takes nothing once stopped", async () => {
    let read = 0;
    let maxAhead = 0;
    let finished = 0;
    async function* rows() {
      for (let i = 1; i <= 100; i++) {
        read++;
        maxAhead = Math.max(maxAhead, read - finished);
        yield i;
      }
    }
    await runPool(
      rows(),
      4,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        finished++;
      },
      () => finished >= 10,
    );
    expect(maxAhead).toBeLessThanOrEqual(4);
    expect(read).toBeLessThan(20);
    expect(finished).toBeGreaterThanOrEqual(10);
  });
});
