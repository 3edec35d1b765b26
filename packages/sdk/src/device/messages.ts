/** The bodies a plant sends (telemetry, status, ack) and receives (command), built and checked here. */
import { DeviceError } from "./errors.ts";

/** Every body carries when it was made and a one-time value so the receiver can refuse replays. */
export interface MessageStamp {
  /** ISO 8601 time. */
  ts: string;
  /** 8–64 characters, unique per message (a UUID). */
  nonce: string;
}

/** Metric name → value; `producedKwh`, `importedKwh` and `exportedKwh` are cumulative meter registers. */
export type TelemetryMetrics = Record<string, number>;

/** The fields a plant reports about itself on its status topic; null clears a field. */
export interface StatusFields {
  /** At most 64 characters, e.g. PLC_READY. */
  esiState?: string | null;
  /** ≥ 0. */
  capacityKwh?: number | null;
  /** ≥ 0. */
  fvePeakPowerKwp?: number | null;
  plantWithLoad?: boolean | null;
  configEnabled?: boolean | null;
}

export type AckStatus = "OK" | "ERROR" | "REJECTED";

export const ACK_STATUSES: readonly AckStatus[] = ["OK", "ERROR", "REJECTED"];

export interface TelemetryBody extends MessageStamp {
  metrics: TelemetryMetrics;
}

export interface StatusBody extends MessageStamp, StatusFields {}

export interface AckBody extends MessageStamp {
  cmdId: string;
  status: AckStatus;
  response?: Record<string, unknown>;
}

/** A command as the server sends it on the plant's commands topic. */
export interface PlantCommand extends MessageStamp {
  cmdId: string;
  command: string;
  payload: Record<string, unknown> | null;
  /** Sub-device target (externalId), or null. */
  target: string | null;
  /** When the server stops trying to deliver it, or null. */
  expiresAt: string | null;
}

// The broker's limits (docs/protocol.md): checked here too so a mistake fails at the call, not silently.
const MAX_METRIC_NAME = 128;
const MAX_METRICS = 200;
const MAX_ESI_STATE = 64;

const STATUS_FIELD_TYPES: Record<keyof StatusFields, "string" | "number" | "boolean"> = {
  esiState: "string",
  capacityKwh: "number",
  fvePeakPowerKwp: "number",
  plantWithLoad: "boolean",
  configEnabled: "boolean",
};

/** Builds a telemetry body; throws DeviceError INVALID_INPUT naming the bad metric. */
export function telemetryBody(stamp: MessageStamp, metrics: TelemetryMetrics): TelemetryBody {
  if (!isPlainObject(metrics)) throw invalid("metrics must be an object of metric name → number");
  const names = Object.keys(metrics);
  if (names.length === 0) throw invalid("metrics must name at least one metric");
  if (names.length > MAX_METRICS) {
    throw invalid(`at most ${MAX_METRICS} metrics per message, got ${names.length}`);
  }
  const copy: TelemetryMetrics = {};
  for (const name of names) {
    if (name.length === 0 || name.length > MAX_METRIC_NAME) {
      throw invalid(`metric names must be 1–${MAX_METRIC_NAME} characters ("${name.slice(0, 20)}")`);
    }
    const value = metrics[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw invalid(`metric "${name}" must be a finite number, got ${describe(value)}`);
    }
    copy[name] = value;
  }
  return { ts: stamp.ts, nonce: stamp.nonce, metrics: copy };
}

/** Builds a status body; throws DeviceError INVALID_INPUT for an unknown field or a wrong type. */
export function statusBody(stamp: MessageStamp, fields: StatusFields): StatusBody {
  if (!isPlainObject(fields)) throw invalid("status fields must be an object");
  const body: StatusBody = { ts: stamp.ts, nonce: stamp.nonce };
  let count = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const expected = STATUS_FIELD_TYPES[name as keyof StatusFields];
    if (expected === undefined) {
      throw invalid(`unknown status field "${name}"; known: ${Object.keys(STATUS_FIELD_TYPES).join(", ")}`);
    }
    if (value !== null) {
      if (
        typeof value !== expected ||
        (expected === "number" && !(Number.isFinite(value) && (value as number) >= 0))
      ) {
        const wanted = expected === "number" ? "finite number ≥ 0" : expected;
        throw invalid(`status field "${name}" must be a ${wanted} or null, got ${describe(value)}`);
      }
      if (name === "esiState" && (value as string).length > MAX_ESI_STATE) {
        throw invalid(`status field "esiState" must be at most ${MAX_ESI_STATE} characters`);
      }
    }
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
  const { ts, nonce, cmdId, command, payload, target, expiresAt } = body;
  if (typeof cmdId !== "string" || cmdId === "") return "cmdId must be a non-empty string";
  if (typeof command !== "string" || command === "") return "command must be a non-empty string";
  if (typeof ts !== "string" || Number.isNaN(Date.parse(ts))) return "ts must be an ISO 8601 time";
  if (typeof nonce !== "string" || nonce.length < 8 || nonce.length > 64)
    return "nonce must be 8–64 characters";
  if (payload !== undefined && payload !== null && !isPlainObject(payload))
    return "payload must be an object or null";
  if (target !== undefined && target !== null && typeof target !== "string")
    return "target must be a string or null";
  if (expiresAt !== undefined && expiresAt !== null && typeof expiresAt !== "string") {
    return "expiresAt must be a string or null";
  }
  return {
    ts,
    nonce,
    cmdId,
    command,
    payload: (payload as Record<string, unknown> | null | undefined) ?? null,
    target: (target as string | null | undefined) ?? null,
    expiresAt: (expiresAt as string | null | undefined) ?? null,
  };
}

function invalid(message: string): DeviceError {
  return new DeviceError("INVALID_INPUT", message);
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
