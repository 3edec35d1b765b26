/** Turns a telemetry message into the write that stores it, and evaluates alert rules on it at once. */
import type { Clock } from "../clock.ts";
import type { Store } from "../storage/store.ts";
import type { AlertEvaluator } from "./alert-evaluator.ts";
import type { TelemetryBody } from "./device-messages.ts";

export interface TelemetryIngest {
  /**
   * Raises the alerts the message's metrics break and returns the write that stores it (`ts` = the device's
   * time), for the caller to run in its batch together with the message's nonce.
   */
  accept(plant: { id: string; organizationId: string }, body: TelemetryBody, ts: Date): () => void;
}

export function createTelemetryIngest(deps: {
  store: Store;
  alerts: AlertEvaluator;
  clock: Clock;
}): TelemetryIngest {
  const { store, alerts, clock } = deps;
  return {
    accept(plant, body, ts) {
      const receivedAt = clock.now();
      const record = {
        plantId: plant.id,
        ts: ts.toISOString(),
        metrics: body.metrics,
        receivedAt: receivedAt.toISOString(),
      };
      alerts.evaluate(plant, body.metrics, receivedAt);
      return () => store.telemetry.insert(record);
    },
  };
}
