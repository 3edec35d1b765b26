/**
 * Groups the small writes of many device messages into one SQLite transaction per turn of the event loop,
 * so thousands of messages a second cost a few commits instead of one each; each write's callback runs only
 * once its transaction has committed, which is when a device may be told its message is safe (PUBACK).
 */

import type { Logger } from "../logger.ts";
import type { Database } from "../storage/database.ts";

/** Called once a queued write is settled: `null` when committed, the error when it was rolled back. */
export type WriteCommitted = (error: Error | null) => void;

export interface WriteBatch {
  /**
   * Queues `write` (synchronous statements) for the next flush, which runs on the next turn of the event loop;
   * `committed` is called after that flush's commit (or with the error when the write could not be stored).
   */
  add(write: () => void, committed?: WriteCommitted): void;
  /** Runs every queued write now, in one transaction, then calls their callbacks. */
  flush(): void;
}

interface QueuedWrite {
  write: () => void;
  committed: WriteCommitted | undefined;
}

/**
 * @example
 * const batch = createWriteBatch(db, logger);
 * batch.add(() => insertTelemetry.run(row), (error) => done(error));
 */
export function createWriteBatch(db: Database, logger: Logger): WriteBatch {
  let queued: QueuedWrite[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const settle = (item: QueuedWrite, error: Error | null) => {
    if (!item.committed) return;
    try {
      item.committed(error);
    } catch (thrown) {
      logger.error("write callback failed", { error: thrown });
    }
  };

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (queued.length === 0) return;
    const items = queued;
    queued = [];
    let failed: unknown;
    try {
      db.transaction(() => {
        for (const item of items) item.write();
      });
    } catch (error) {
      failed = error;
    }
    if (failed === undefined) {
      for (const item of items) settle(item, null);
      return;
    }
    // One bad row must not lose the others: retry them one by one, each in its own transaction.
    logger.warn("batched write failed; retrying one by one", { error: failed, writes: items.length });
    for (const item of items) {
      let outcome: Error | null = null;
      try {
        db.transaction(item.write);
      } catch (single) {
        logger.error("device message write failed", { error: single });
        outcome = single instanceof Error ? single : new Error(String(single));
      }
      settle(item, outcome);
    }
  };

  return {
    add(write, committed) {
      queued.push({ write, committed });
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
