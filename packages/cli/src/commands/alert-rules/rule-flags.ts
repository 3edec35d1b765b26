/**
 * Flag schemas shared by `alert-rules create` and `update`, and the request body they turn into:
 * flags are the API's fields in kebab-case, `--enabled [true|false]` / `--disabled` set `enabled`.
 */

import {
  type CreateAlertRuleRequest,
  CREATE_ALERT_RULE_REQUEST_LIMITS as LIMITS,
  type UpdateAlertRuleRequest,
} from "@voke/sdk";
import * as z from "zod/mini";
import { intFlag, uuid } from "../../flags/schemas.ts";
import { CONDITIONS, SEVERITIES } from "./choices.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A finite number from commander's string (`--threshold -5.5`); an empty string is not zero. */
export const numberFlag = z.pipe(
  z.string({ error: "is required" }),
  z.transform((text, ctx) => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) {
      ctx.issues.push({ code: "custom", input: text, message: "must be a number, e.g. 20 or -5.5" });
      return z.NEVER;
    }
    return value;
  }),
);

const TRUE = ["true", "yes", "on", "1"];
const FALSE = ["false", "no", "off", "0"];

/** `--enabled` alone is true; `--enabled false` (or no/off/0) is false. */
export const enabledFlag = z.pipe(
  z.union([z.boolean(), z.string()]),
  z.transform((value, ctx) => {
    if (typeof value === "boolean") return value;
    const word = value.toLowerCase();
    if (TRUE.includes(word)) return true;
    if (FALSE.includes(word)) return false;
    ctx.issues.push({ code: "custom", input: value, message: "must be true or false" });
    return z.NEVER;
  }),
);

/** `--plant-id` of update: a plant's UUID, or `none` for every plant of the organization (null). */
export const plantIdOrNone = z.pipe(
  z.string(),
  z.transform((value, ctx) => {
    if (value.toLowerCase() === "none") return null;
    if (UUID.test(value)) return value;
    ctx.issues.push({ code: "custom", input: value, message: 'must be a UUID, or "none" for every plant' });
    return z.NEVER;
  }),
);

const required = { error: "is required" };

/** The rule's own fields; on create name, metric, condition and threshold are required. */
export function ruleShape(mode: "create" | "update") {
  const name = z
    .string(required)
    .check(
      z.minLength(LIMITS.name.minLength, { error: "must not be empty" }),
      z.maxLength(LIMITS.name.maxLength),
    );
  const metric = z
    .string(required)
    .check(
      z.minLength(LIMITS.metric.minLength, { error: "must not be empty" }),
      z.maxLength(LIMITS.metric.maxLength),
    );
  const condition = z.enum(CONDITIONS, required);
  const shared = {
    severity: z.optional(z.enum(SEVERITIES)),
    cooldownMinutes: z.optional(intFlag(LIMITS.cooldownMinutes.minimum, LIMITS.cooldownMinutes.maximum)),
    enabled: z.optional(enabledFlag),
    disabled: z.optional(z.boolean()),
  };
  if (mode === "create") {
    return { ...shared, name, metric, condition, threshold: numberFlag, plantId: z.optional(uuid) };
  }
  return {
    ...shared,
    name: z.optional(name),
    metric: z.optional(metric),
    condition: z.optional(condition),
    threshold: z.optional(numberFlag),
    plantId: z.optional(plantIdOrNone),
  };
}

/** Refuses `--enabled` together with `--disabled`. */
export const enabledOrDisabled = z.refine(
  (value: unknown) => {
    const flags = value as { enabled?: boolean; disabled?: boolean };
    return !(flags.disabled === true && flags.enabled !== undefined);
  },
  { error: "cannot be combined with --enabled", path: ["disabled"] },
);

/** What the rule flags hold after validation. */
export interface RuleFlags {
  name?: string | undefined;
  metric?: string | undefined;
  condition?: (typeof CONDITIONS)[number] | undefined;
  threshold?: number | undefined;
  severity?: (typeof SEVERITIES)[number] | undefined;
  cooldownMinutes?: number | undefined;
  enabled?: boolean | undefined;
  disabled?: boolean | undefined;
  plantId?: string | null | undefined;
}

/** The request body: only the fields given, `--disabled` as `enabled: false`. */
export function ruleBody(flags: RuleFlags): UpdateAlertRuleRequest & Partial<CreateAlertRuleRequest> {
  const body: UpdateAlertRuleRequest = {};
  if (flags.name !== undefined) body.name = flags.name;
  if (flags.metric !== undefined) body.metric = flags.metric;
  if (flags.condition !== undefined) body.condition = flags.condition;
  if (flags.threshold !== undefined) body.threshold = flags.threshold;
  if (flags.severity !== undefined) body.severity = flags.severity;
  if (flags.cooldownMinutes !== undefined) body.cooldownMinutes = flags.cooldownMinutes;
  if (flags.disabled === true) body.enabled = false;
  else if (flags.enabled !== undefined) body.enabled = flags.enabled;
  if (flags.plantId !== undefined) body.plantId = flags.plantId;
  return body;
}
