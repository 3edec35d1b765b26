/** Periodic clean-up: old telemetry past its retention, and Idempotency-Key records past their 24 hours. */
import type { Clock } from "../clock.ts";
import type { ServerConfig } from "../config.ts";
import { IDEMPOTENCY_WINDOW_MS } from "../http/idempotency.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../storage/store.ts";

const DAY_MS = 86_400_000;

/** Deletes what has outlived its retention as of `now`; returns how much went. */
export function pruneExpiredRecords(
  store: Store,
  now: Date,
  telemetryRetentionDays: number,
): { telemetry: number; idempotencyKeys: number } {
  return store.transaction(() => ({
    telemetry: store.telemetry.deleteReceivedBefore(
      new Date(now.getTime() - telemetryRetentionDays * DAY_MS).toISOString(),
    ),
    idempotencyKeys: store.idempotencyKeys.deleteCreatedBefore(
      new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS).toISOString(),
    ),
  }));
}

/** Prunes at start and then every `intervalMs` (an hour); the timer never keeps the process alive. */
export function startHousekeeping(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<ServerConfig, "telemetryRetentionDays">;
  intervalMs?: number;
}): { stop(): void } {
  const run = () => {
    try {
      const removed = pruneExpiredRecords(deps.store, deps.clock.now(), deps.config.telemetryRetentionDays);
      if (removed.telemetry + removed.idempotencyKeys > 0)
        deps.logger.info("pruned expired records", removed);
    } catch (error) {
      deps.logger.error("housekeeping failed", { error });
    }
  };
  run();
  const timer = setInterval(run, deps.intervalMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
