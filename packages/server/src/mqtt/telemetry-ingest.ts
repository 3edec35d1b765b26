/** Turns a telemetry message into the write that stores it, and evaluates alert rules on it at once. */
import type { TelemetryMetrics } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { AlertEvaluator } from "../services/alert-evaluation.ts";
import type { DeviceActivityService } from "../services/device-activity.ts";

export interface TelemetryIngest {
  /**
   * Raises the alerts the message's metrics break and returns the write that stores it (`ts` = the device's
   * time), for the caller to run in its batch together with the message's nonce.
   */
  accept(plant: { id: string; organizationId: string }, metrics: TelemetryMetrics, ts: Date): () => void;
}

export function createTelemetryIngest(deps: {
  activity: DeviceActivityService;
  alerts: AlertEvaluator;
  clock: Clock;
}): TelemetryIngest {
  const { activity, alerts, clock } = deps;
  return {
    accept(plant, metrics, ts) {
      const receivedAt = clock.now();
      const record = {
        plantId: plant.id,
        ts: ts.toISOString(),
        metrics,
        receivedAt: receivedAt.toISOString(),
      };
      alerts.evaluate(plant, metrics, receivedAt);
      return () => activity.storeTelemetry(record);
    },
  };
}
