/** The API's enumerations for alert rules, shared by flag registration (help, completion) and validation. */

import {
  ALERT_CONDITION_VALUES,
  ALERT_SEVERITY_VALUES,
  type AlertCondition,
  type AlertSeverity,
} from "@voke/sdk";
import { choicesOf } from "../../flags/choices-of.ts";

export const CONDITIONS = choicesOf<AlertCondition>()(ALERT_CONDITION_VALUES);
export const SEVERITIES = choicesOf<AlertSeverity>()(ALERT_SEVERITY_VALUES);

/** Columns of a rule in tables and CSV (JSON always carries every field). */
export const RULE_COLUMNS = [
  "id",
  "name",
  "plantId",
  "metric",
  "condition",
  "threshold",
  "severity",
  "cooldownMinutes",
  "enabled",
  "lastTriggeredAt",
];
