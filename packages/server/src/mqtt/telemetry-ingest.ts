/** Stores telemetry (batched into one transaction per event-loop turn) and evaluates alert rules on it. */
import type { Clock } from "../clock.ts";
import type { Store } from "../storage/store.ts";
import type { AlertEvaluator } from "./alert-evaluator.ts";
import type { TelemetryBody } from "./device-messages.ts";
import type { WriteBatch } from "./write-batch.ts";

export interface TelemetryIngest {
  /** Stores one message (`ts` = the device's time) and raises the alerts its metrics break. */
  accept(plant: { id: string; organizationId: string }, body: TelemetryBody, ts: Date): void;
}

export function createTelemetryIngest(deps: {
  store: Store;
  batch: WriteBatch;
  alerts: AlertEvaluator;
  clock: Clock;
}): TelemetryIngest {
  const { store, batch, alerts, clock } = deps;
  return {
    accept(plant, body, ts) {
      const receivedAt = clock.now();
      const record = {
        plantId: plant.id,
        ts: ts.toISOString(),
        metrics: body.metrics,
        receivedAt: receivedAt.toISOString(),
      };
      batch.add(() => store.telemetry.insert(record));
      alerts.evaluate(plant, body.metrics, receivedAt);
    },
  };
}
