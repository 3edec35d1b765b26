/** The API's enumerations for alert rules, shared by flag registration (help, completion) and validation. */

export const CONDITIONS = ["LT", "GT", "EQ"] as const;
export const SEVERITIES = ["INFO", "WARNING", "CRITICAL", "EMERGENCY"] as const;

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
