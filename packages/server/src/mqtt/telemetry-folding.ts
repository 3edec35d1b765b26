/**
 * Folds the telemetry the broker staged (storage/telemetry.ts) into the main tables: at start (what a crash
 * left staged), every `intervalMs` while the broker runs, and once more when it stops.
 */
import type { Logger } from "../logger.ts";
import type { TelemetryStore } from "../storage/telemetry.ts";

export interface TelemetryFolding {
  /** Stops the timer and folds what is still staged. */
  stop(): void;
}

export function startTelemetryFolding(deps: {
  telemetry: Pick<TelemetryStore, "fold">;
  logger: Logger;
  intervalMs?: number;
}): TelemetryFolding {
  // Timers run between event-loop turns, never inside the write batch's transaction.
  const fold = () => {
    try {
      deps.telemetry.fold();
    } catch (error) {
      // The rows stay staged and readable; the next fold retries.
      deps.logger.error("telemetry fold failed", { error });
    }
  };
  fold();
  const timer = setInterval(fold, deps.intervalMs ?? 500);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      fold();
    },
  };
}
