/**
 * Runs the broker's periodic housekeeping (command time-outs and expiry, token expiry, nonce pruning, CRL
 * refresh) on an interval (telemetry past its retention is services/housekeeping.ts's); the tasks read the injected clock, so tests move time and call `runNow`.
 */
import type { Logger } from "../logger.ts";

export interface SweepTask {
  name: string;
  run(): void | Promise<void>;
}

export interface Sweeper {
  /** Runs every task once, in order, after any run already under way; resolves when done. */
  runNow(): Promise<void>;
  stop(): void;
}

export function startSweeper(deps: {
  intervalMs: number;
  tasks: readonly SweepTask[];
  logger: Logger;
}): Sweeper {
  let chain: Promise<void> = Promise.resolve();
  let runs = 0;

  const runAll = async () => {
    for (const task of deps.tasks) {
      try {
        await task.run();
      } catch (error) {
        // One failing task must not stop the others, nor the next sweep.
        deps.logger.error("broker housekeeping task failed", { task: task.name, error });
      }
    }
  };

  const runNow = () => {
    runs++;
    chain = chain.then(runAll).finally(() => {
      runs--;
    });
    return chain;
  };

  // A tick is skipped while a run is still going, so slow housekeeping never piles up.
  const timer = setInterval(() => {
    if (runs === 0) void runNow();
  }, deps.intervalMs);
  timer.unref();
  return {
    runNow,
    stop: () => clearInterval(timer),
  };
}
