/**
 * What `alert-rules create` and `update` share beyond their flag declarations (in `index.ts`): the
 * `--plant-id none` value, and the request body the flags turn into (`--disabled` sets `enabled`).
 */

import type { CreateAlertRuleRequest, UpdateAlertRuleRequest } from "@voke/sdk";
import type { OptionsOf } from "../../flags/declare.ts";
import { InvalidValue, uuid } from "../../flags/values.ts";
import type { updateInput } from "./index.ts";

/** `--plant-id` of update: a plant's UUID, or `none` for every plant of the organization (null). */
export function plantIdOrNone(text: string): string | null {
  if (text.toLowerCase() === "none") return null;
  try {
    return uuid(text);
  } catch {
    throw new InvalidValue('must be a UUID, or "none" for every plant');
  }
}

/** What the rule flags hold after validation (create's are the same, some required). */
export type RuleFlags = Omit<OptionsOf<typeof updateInput>, "id">;

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
