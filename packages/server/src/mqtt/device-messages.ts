/** The bodies of the three device messages (telemetry, status, ack), checked field by field after the signature. */
import { z } from "zod";

export type BodyCheck<T> = { ok: true; value: T } | { ok: false; message: string };

export interface TelemetryBody {
  metrics: Record<string, number>;
}

export interface StatusBody {
  esiState?: string | null | undefined;
  capacityKwh?: number | null | undefined;
  fvePeakPowerKwp?: number | null | undefined;
  plantWithLoad?: boolean | null | undefined;
  configEnabled?: boolean | null | undefined;
}

export interface AckBody {
  cmdId: string;
  status: "OK" | "ERROR" | "REJECTED";
  response: Record<string, unknown> | null;
}

const MAX_METRICS = 200;
const MAX_METRIC_NAME = 128;

/** `metrics` must be a non-empty object of finite numbers; checked by hand because it runs on every message. */
export function parseTelemetry(body: Record<string, unknown>): BodyCheck<TelemetryBody> {
  const metrics = body.metrics;
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
    return { ok: false, message: "metrics must be an object of numbers" };
  }
  let count = 0;
  for (const [name, value] of Object.entries(metrics)) {
    if (name.length === 0 || name.length > MAX_METRIC_NAME) {
      return { ok: false, message: `metric names must be 1-${MAX_METRIC_NAME} characters` };
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return { ok: false, message: `metric ${JSON.stringify(name)} is not a finite number` };
    }
    count++;
  }
  if (count === 0) return { ok: false, message: "metrics is empty" };
  if (count > MAX_METRICS) return { ok: false, message: `at most ${MAX_METRICS} metrics per message` };
  return { ok: true, value: { metrics: metrics as Record<string, number> } };
}

const finite = z.number().refine(Number.isFinite, "must be a finite number");

// Fields beyond these (ts, nonce, anything newer firmware adds) are ignored.
const statusSchema = z.object({
  esiState: z.string().max(64).nullable().optional(),
  capacityKwh: finite.min(0).nullable().optional(),
  fvePeakPowerKwp: finite.min(0).nullable().optional(),
  plantWithLoad: z.boolean().nullable().optional(),
  configEnabled: z.boolean().nullable().optional(),
});

const ackSchema = z.object({
  cmdId: z.string().min(1).max(128),
  status: z.enum(["OK", "ERROR", "REJECTED"]),
  response: z.record(z.string(), z.unknown()).nullable().optional(),
});

export function parseStatus(body: Record<string, unknown>): BodyCheck<StatusBody> {
  const parsed = statusSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: describe(parsed.error) };
}

export function parseAck(body: Record<string, unknown>): BodyCheck<AckBody> {
  const parsed = ackSchema.safeParse(body);
  if (!parsed.success) return { ok: false, message: describe(parsed.error) };
  return { ok: true, value: { ...parsed.data, response: parsed.data.response ?? null } };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid body";
}
