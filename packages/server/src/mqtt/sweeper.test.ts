// Housekeeping runs: every task in order, one failure not stopping the rest, runs never overlapping.
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { startSweeper } from "./sweeper.ts";

describe("sweeper", () => {
  it("runs every task in order, logs a failing one and carries on", async () => {
    const order: string[] = [];
    const lines: string[] = [];
    const sweeper = startSweeper({
      intervalMs: 60_000,
      logger: createLogger({ level: "error", write: (line) => lines.push(line) }),
      tasks: [
        { name: "first", run: () => void order.push("first") },
        {
          name: "broken",
          run: () => {
            throw new Error("boom");
          },
        },
        { name: "async", run: async () => void order.push("async") },
      ],
    });
    await sweeper.runNow();
    sweeper.stop();
    expect(order).toEqual(["first", "async"]);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      msg: "broker housekeeping task failed",
      task: "broken",
    });
  });

  it("starts a requested run only after the one under way, so each sees the state the caller set", async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    let calls = 0;
    const sweeper = startSweeper({
      intervalMs: 60_000,
      logger: createLogger({ level: "silent" }),
      tasks: [
        {
          name: "slow",
          run: async () => {
            const call = ++calls;
            events.push(`start ${call}`);
            if (call === 1) await new Promise<void>((resolve) => (release = resolve));
            events.push(`end ${call}`);
          },
        },
      ],
    });
    const first = sweeper.runNow();
    const second = sweeper.runNow();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(["start 1"]);
    release();
    await Promise.all([first, second]);
    sweeper.stop();
    expect(events).toEqual(["start 1", "end 1", "start 2", "end 2"]);
  });

  it("runs on its interval", async () => {
    let runs = 0;
    const sweeper = startSweeper({
      intervalMs: 5,
      logger: createLogger({ level: "silent" }),
      tasks: [{ name: "count", run: () => void runs++ }],
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    sweeper.stop();
    expect(runs).toBeGreaterThan(1);
  });
});
