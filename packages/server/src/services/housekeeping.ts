/** Periodic clean-up: old telemetry past its retention, and Idempotency-Key records past their 24 hours. */
import type { Clock } from "../clock.ts";
import type { ServerConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import { IDEMPOTENCY_WINDOW_MS } from "../storage/idempotency-keys.ts";
import type { Store } from "../storage/store.ts";

const DAY_MS = 86_400_000;
/** Telemetry rows deleted per statement: a few milliseconds of work, so requests and devices wait no longer. */
export const PRUNE_CHUNK_ROWS = 5000;

export interface PruneOptions {
  /** Rows per DELETE; PRUNE_CHUNK_ROWS. */
  chunkRows?: number;
  /** Stop between chunks once this returns true (the server is closing). */
  stopped?: () => boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes what has outlived its retention as of `now`; returns how much went. Telemetry goes in chunks of
 * `chunkRows`, each its own statement, with the event loop free between them.
 */
export async function pruneExpiredRecords(
  store: Store,
  now: Date,
  telemetryRetentionDays: number,
  options: PruneOptions = {},
): Promise<{ telemetry: number; idempotencyKeys: number }> {
  const chunkRows = options.chunkRows ?? PRUNE_CHUNK_ROWS;
  const stopped = options.stopped ?? (() => false);
  const idempotencyKeys = store.idempotencyKeys.deleteCreatedBefore(
    new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS).toISOString(),
  );
  const before = new Date(now.getTime() - telemetryRetentionDays * DAY_MS).toISOString();
  let telemetry = 0;
  while (!stopped()) {
    const deleted = store.telemetry.deleteReceivedBefore(before, chunkRows);
    telemetry += deleted;
    if (deleted < chunkRows) break;
    await nextTurn();
  }
  return { telemetry, idempotencyKeys };
}

export interface Housekeeping {
  /** Stops the timer; a prune under way ends after its current chunk. */
  stop(): void;
  /** Resolves when the prune under way (if any) has finished. */
  idle(): Promise<void>;
}

/** Prunes at start and then every `intervalMs` (an hour); the timer never keeps the process alive. */
export function startHousekeeping(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<ServerConfig, "telemetryRetentionDays">;
  intervalMs?: number;
  chunkRows?: number;
}): Housekeeping {
  let stopped = false;
  let running: Promise<void> | undefined;
  const prune = async () => {
    try {
      const removed = await pruneExpiredRecords(
        deps.store,
        deps.clock.now(),
        deps.config.telemetryRetentionDays,
        { chunkRows: deps.chunkRows, stopped: () => stopped },
      );
      if (removed.telemetry + removed.idempotencyKeys > 0)
        deps.logger.info("pruned expired records", removed);
    } catch (error) {
      deps.logger.error("housekeeping failed", { error });
    }
  };
  const run = () => {
    // A prune still going (a huge backlog) is not started twice.
    running ??= prune().finally(() => {
      running = undefined;
    });
  };
  run();
  const timer = setInterval(run, deps.intervalMs ?? 3_600_000);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    idle: () => running ?? Promise.resolve(),
  };
}
