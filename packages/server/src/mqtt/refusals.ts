/** Records every refused connection or message that names a plant: authFailureCount + 1, lastAuthFailureAt. */
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../storage/store.ts";

export interface RefusalRecorder {
  /** Counts a refusal against `plantId`; `reason` is logged and must never hold a credential. */
  connection(plantId: string | undefined, reason: string): void;
  message(plantId: string, reason: string, topic: string): void;
}

export function createRefusalRecorder(deps: { store: Store; clock: Clock; logger: Logger }): RefusalRecorder {
  const { store, clock, logger } = deps;
  const count = (plantId: string) => {
    try {
      store.plants.recordAuthFailure(plantId, clock.now().toISOString());
    } catch (error) {
      logger.error("could not count an authentication failure", { plantId, error });
    }
  };
  return {
    connection(plantId, reason) {
      logger.info("mqtt connection refused", { plantId, reason });
      if (plantId !== undefined) count(plantId);
    },
    message(plantId, reason, topic) {
      logger.debug("mqtt message refused", { plantId, reason, topic });
      count(plantId);
    },
  };
}
