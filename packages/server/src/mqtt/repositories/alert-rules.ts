/** The alert_rules rows the broker evaluates on telemetry, and the trigger time it records. */
import type { Database } from "../../storage/database.ts";

export type AlertCondition = "LT" | "GT" | "EQ";
export type AlertSeverity = "INFO" | "WARNING" | "CRITICAL" | "EMERGENCY";

export interface ActiveAlertRule {
  id: string;
  name: string;
  metric: string;
  condition: AlertCondition;
  threshold: number;
  severity: AlertSeverity;
  cooldownMinutes: number;
  lastTriggeredAt: string | null;
}

export interface AlertRuleRepository {
  /** The enabled rules that apply to the plant: its own and its organization's plant-wide ones (plantId null). */
  enabledFor(organizationId: string, plantId: string): ActiveAlertRule[];
  markTriggered(ruleId: string, at: string): void;
}

export function createAlertRuleRepository(db: Database): AlertRuleRepository {
  const enabled = db.sqlite.prepare(
    `SELECT id, name, metric, condition, threshold, severity, cooldown_minutes, last_triggered_at FROM alert_rules
     WHERE enabled = 1 AND organization_id = ? AND (plant_id = ? OR plant_id IS NULL)`,
  );
  const triggered = db.sqlite.prepare("UPDATE alert_rules SET last_triggered_at = ? WHERE id = ?");
  return {
    enabledFor: (organizationId, plantId) =>
      (enabled.all(organizationId, plantId) as Record<string, unknown>[]).map((row) => ({
        id: String(row.id),
        name: String(row.name),
        metric: String(row.metric),
        condition: row.condition as AlertCondition,
        threshold: Number(row.threshold),
        severity: row.severity as AlertSeverity,
        cooldownMinutes: Number(row.cooldown_minutes),
        lastTriggeredAt: typeof row.last_triggered_at === "string" ? row.last_triggered_at : null,
      })),
    markTriggered: (ruleId, at) => {
      triggered.run(at, ruleId);
    },
  };
}
