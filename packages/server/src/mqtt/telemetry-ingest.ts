/** Turns a telemetry message into the write that stores it, and evaluates alert rules on it at once. */
import type { TelemetryMetrics } from "@voke/protocol";
import type { AlertEvaluator } from "../services/alert-evaluation.ts";
import type { DeviceActivityService } from "../services/device-activity.ts";
import type { Arrival } from "./arrival.ts";

export interface TelemetryIngest {
  /**
   * Raises the alerts the message's metrics break and returns the write that stores it (`ts` = the device's
   * time), for the caller to run in its batch together with the message's nonce.
   */
  accept(
    plant: { id: string; organizationId: string },
    metrics: TelemetryMetrics,
    ts: Date,
    received: Arrival,
  ): () => void;
}

export function createTelemetryIngest(deps: {
  activity: DeviceActivityService;
  alerts: AlertEvaluator;
}): TelemetryIngest {
  const { activity, alerts } = deps;
  return {
    accept(plant, metrics, ts, received) {
      const record = {
        plantId: plant.id,
        ts: ts.toISOString(),
        metrics,
        receivedAt: received.iso,
      };
      alerts.evaluate(plant, metrics, received.at);
      return () => activity.storeTelemetry(record);
    },
  };
}
