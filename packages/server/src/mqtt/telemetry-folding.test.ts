// The broker folds staged telemetry at start, on its interval and at stop; a failing fold is logged, never thrown.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger.ts";
import { startTelemetryFolding } from "./telemetry-folding.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("telemetry folding", () => {
  it("folds at start, every interval and once more at stop, then no more", () => {
    vi.useFakeTimers();
    const fold = vi.fn(() => 0);
    const folding = startTelemetryFolding({
      telemetry: { fold },
      logger: createLogger({ level: "silent" }),
      intervalMs: 500,
    });
    expect(fold).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(fold).toHaveBeenCalledTimes(3);
    folding.stop();
    expect(fold).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(5_000);
    expect(fold).toHaveBeenCalledTimes(4);
  });

  it("logs a failed fold and keeps folding", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const fold = vi.fn(() => {
      throw new Error("disk full");
    });
    const folding = startTelemetryFolding({
      telemetry: { fold },
      logger: createLogger({ level: "error", write: (line) => lines.push(line) }),
      intervalMs: 500,
    });
    vi.advanceTimersByTime(500);
    folding.stop();
    expect(fold).toHaveBeenCalledTimes(3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/telemetry fold failed.*disk full/);
  });
});
