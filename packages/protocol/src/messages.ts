/**
 * The bodies of the four messages (telemetry, status, ack from the plant; command from the server): their
 * types and the checks both sides run, field by field. Checked by hand, without a schema library: the broker
 * runs them on every message.
 */
import {
  MAX_CMD_ID_LENGTH,
  MAX_ESI_STATE_LENGTH,
  MAX_METRIC_NAME_LENGTH,
  MAX_METRICS,
  MAX_NONCE_LENGTH,
  MIN_NONCE_LENGTH,
} from "./limits.ts";

/** A body's check: the typed value, or what is wrong with it. */
export type BodyCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Every body carries when it was made and a one-time value so the receiver can refuse replays. */
export interface MessageStamp {
  /** ISO 8601 time with a zone. */
  ts: string;
  /** 8–64 printable ASCII characters, unique per message (a UUID). */
  nonce: string;
}

/** Metric name → value; `producedKwh`, `importedKwh` and `exportedKwh` are cumulative meter registers. */
export type TelemetryMetrics = Record<string, number>;

/** The fields a plant reports about itself on its status topic; null clears a field. */
export interface StatusFields {
  esiState?: string | null;
  capacityKwh?: number | null;
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
  response?: Record<string, unknown> | null;
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

// ISO 8601 date and time with a zone, as Date.toISOString and every MQTT client library write it.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const NONCE = new RegExp(`^[\\x21-\\x7e]{${MIN_NONCE_LENGTH},${MAX_NONCE_LENGTH}}$`);

/** `ts` as milliseconds since the epoch, or undefined when it is not an ISO 8601 time with a zone. */
export function parseStamp(ts: unknown): number | undefined {
  if (typeof ts !== "string" || !ISO_TIME.test(ts)) return undefined;
  const at = Date.parse(ts);
  return Number.isNaN(at) ? undefined : at;
}

export function isNonce(nonce: unknown): nonce is string {
  return typeof nonce === "string" && NONCE.test(nonce);
}

/** Telemetry: `metrics` is an object of 1–MAX_METRICS finite numbers named with 1–128 characters. */
export function checkTelemetry(body: Record<string, unknown>): BodyCheck<{ metrics: TelemetryMetrics }> {
  const metrics = body.metrics;
  if (!isPlainObject(metrics)) return fail("metrics must be an object of metric name → number");
  const names = Object.keys(metrics);
  if (names.length === 0) return fail("metrics must name at least one metric");
  if (names.length > MAX_METRICS)
    return fail(`at most ${MAX_METRICS} metrics per message, got ${names.length}`);
  for (const name of names) {
    if (name.length === 0 || name.length > MAX_METRIC_NAME_LENGTH) {
      return fail(`metric names must be 1–${MAX_METRIC_NAME_LENGTH} characters ("${name.slice(0, 20)}")`);
    }
    const value = metrics[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return fail(`metric "${name.slice(0, 40)}" must be a finite number, got ${describe(value)}`);
    }
  }
  return { ok: true, value: { metrics: metrics as TelemetryMetrics } };
}

const STATUS_FIELD_TYPES: Readonly<Record<keyof StatusFields, "string" | "number" | "boolean">> = {
  esiState: "string",
  capacityKwh: "number",
  fvePeakPowerKwp: "number",
  plantWithLoad: "boolean",
  configEnabled: "boolean",
};
export const STATUS_FIELDS = Object.keys(STATUS_FIELD_TYPES) as (keyof StatusFields)[];

/**
 * Status: each of the five fields, when present, of its type or null (numbers ≥ 0, esiState ≤ 64 characters).
 * Other fields (ts, nonce, anything newer firmware adds) are left out of the value.
 */
export function checkStatus(body: Record<string, unknown>): BodyCheck<StatusFields> {
  const value: StatusFields = {};
  for (const name of STATUS_FIELDS) {
    const field = body[name];
    if (field === undefined) continue;
    const problem = statusFieldProblem(name, field);
    if (problem) return fail(problem);
    (value as Record<string, unknown>)[name] = field;
  }
  return { ok: true, value };
}

/** What is wrong with one status field's value, or undefined when it is fine. */
export function statusFieldProblem(name: string, value: unknown): string | undefined {
  const expected = STATUS_FIELD_TYPES[name as keyof StatusFields];
  if (expected === undefined) return `unknown status field "${name}"; known: ${STATUS_FIELDS.join(", ")}`;
  if (value === null) return undefined;
  const fine =
    typeof value === expected &&
    (expected !== "number" || (Number.isFinite(value) && (value as number) >= 0));
  if (!fine) {
    const wanted = expected === "number" ? "finite number ≥ 0" : expected;
    return `status field "${name}" must be a ${wanted} or null, got ${describe(value)}`;
  }
  if (name === "esiState" && (value as string).length > MAX_ESI_STATE_LENGTH) {
    return `status field "esiState" must be at most ${MAX_ESI_STATE_LENGTH} characters`;
  }
  return undefined;
}

/** Ack: `cmdId` of 1–128 characters, `status` OK/ERROR/REJECTED, optional `response` object or null. */
export function checkAck(
  body: Record<string, unknown>,
): BodyCheck<{ cmdId: string; status: AckStatus; response: Record<string, unknown> | null }> {
  const { cmdId, status, response } = body;
  if (typeof cmdId !== "string" || cmdId.length === 0 || cmdId.length > MAX_CMD_ID_LENGTH) {
    return fail(`cmdId must be a string of 1–${MAX_CMD_ID_LENGTH} characters`);
  }
  if (!ACK_STATUSES.includes(status as AckStatus))
    return fail(`status must be one of ${ACK_STATUSES.join(", ")}`);
  if (response !== undefined && response !== null && !isPlainObject(response)) {
    return fail("response must be an object or null");
  }
  return {
    ok: true,
    value: {
      cmdId,
      status: status as AckStatus,
      response: (response as Record<string, unknown> | undefined) ?? null,
    },
  };
}

/** Command (server → plant): the fields a device needs, with ts and nonce well formed. */
export function checkCommand(body: Record<string, unknown>): BodyCheck<PlantCommand> {
  const { ts, nonce, cmdId, command, payload, target, expiresAt } = body;
  if (typeof cmdId !== "string" || cmdId === "") return fail("cmdId must be a non-empty string");
  if (typeof command !== "string" || command === "") return fail("command must be a non-empty string");
  if (typeof ts !== "string" || Number.isNaN(Date.parse(ts))) return fail("ts must be an ISO 8601 time");
  if (typeof nonce !== "string" || nonce.length < MIN_NONCE_LENGTH || nonce.length > MAX_NONCE_LENGTH) {
    return fail(`nonce must be ${MIN_NONCE_LENGTH}–${MAX_NONCE_LENGTH} characters`);
  }
  if (payload !== undefined && payload !== null && !isPlainObject(payload))
    return fail("payload must be an object or null");
  if (target !== undefined && target !== null && typeof target !== "string")
    return fail("target must be a string or null");
  if (expiresAt !== undefined && expiresAt !== null && typeof expiresAt !== "string") {
    return fail("expiresAt must be a string or null");
  }
  return {
    ok: true,
    value: {
      ts,
      nonce,
      cmdId,
      command,
      payload: (payload as Record<string, unknown> | null | undefined) ?? null,
      target: (target as string | null | undefined) ?? null,
      expiresAt: (expiresAt as string | null | undefined) ?? null,
    },
  };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
