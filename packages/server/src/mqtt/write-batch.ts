/**
 * Groups the small writes of many device messages into one SQLite transaction per turn of the event loop,
 * so thousands of messages a second cost a few commits instead of one each.
 */

import type { Logger } from "../logger.ts";
import type { Database } from "../storage/database.ts";

export interface WriteBatch {
  /** Queues `write` (synchronous statements) for the next flush, which runs on the next turn of the event loop. */
  add(write: () => void): void;
  /** Runs every queued write now, in one transaction. */
  flush(): void;
}

/**
 * @example
 * const batch = createWriteBatch(db, logger);
 * batch.add(() => insertTelemetry.run(row));
 */
export function createWriteBatch(db: Database, logger: Logger): WriteBatch {
  let queued: (() => void)[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (queued.length === 0) return;
    const writes = queued;
    queued = [];
    try {
      db.transaction(() => {
        for (const write of writes) write();
      });
    } catch (error) {
      // One bad row must not lose the others: retry them one by one, each in its own transaction.
      logger.warn("batched write failed; retrying one by one", { error, writes: writes.length });
      for (const write of writes) {
        try {
          db.transaction(write);
        } catch (single) {
          logger.error("device message write failed", { error: single });
        }
      }
    }
  };

  return {
    add(write) {
      queued.push(write);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
