/** The bodies a plant sends (telemetry, status, ack) and receives (command), built and checked here. */
import {
  ACK_STATUSES,
  type AckBody,
  type AckStatus,
  checkCommand,
  checkTelemetry,
  type MessageStamp,
  type PlantCommand,
  type StatusBody,
  type StatusFields,
  statusFieldProblem,
  type TelemetryBody,
  type TelemetryMetrics,
} from "@voke/protocol";
import { DeviceError } from "./errors.ts";

export {
  ACK_STATUSES,
  type AckBody,
  type AckStatus,
  type MessageStamp,
  type PlantCommand,
  type StatusBody,
  type StatusFields,
  type TelemetryBody,
  type TelemetryMetrics,
};

/** Builds a telemetry body; throws DeviceError INVALID_INPUT naming the bad metric. */
export function telemetryBody(stamp: MessageStamp, metrics: TelemetryMetrics): TelemetryBody {
  const check = checkTelemetry({ metrics });
  if (!check.ok) throw invalid(check.message);
  return { ts: stamp.ts, nonce: stamp.nonce, metrics: { ...check.value.metrics } };
}

/** Builds a status body; throws DeviceError INVALID_INPUT for an unknown field or a wrong type. */
export function statusBody(stamp: MessageStamp, fields: StatusFields): StatusBody {
  if (!isPlainObject(fields)) throw invalid("status fields must be an object");
  const body: StatusBody = { ts: stamp.ts, nonce: stamp.nonce };
  let count = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const problem = statusFieldProblem(name, value);
    if (problem) throw invalid(problem);
    (body as unknown as Record<string, unknown>)[name] = value;
    count += 1;
  }
  if (count === 0) throw invalid("status needs at least one field");
  return body;
}

/** Builds the ack for a command. */
export function ackBody(
  stamp: MessageStamp,
  cmdId: string,
  status: AckStatus,
  response?: Record<string, unknown>,
): AckBody {
  if (!ACK_STATUSES.includes(status)) throw invalid(`ack status must be one of ${ACK_STATUSES.join(", ")}`);
  const body: AckBody = { ts: stamp.ts, nonce: stamp.nonce, cmdId, status };
  if (response !== undefined) body.response = response;
  return body;
}

/** Reads a verified command body; a string result says what is wrong with it. */
export function parseCommandBody(body: Record<string, unknown>): PlantCommand | string {
  const check = checkCommand(body);
  return check.ok ? check.value : check.message;
}

function invalid(message: string): DeviceError {
  return new DeviceError("INVALID_INPUT", message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
