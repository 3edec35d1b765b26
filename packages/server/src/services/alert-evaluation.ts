/**
 * Evaluates alert rules on each telemetry message: the plant's own and its organization's plant-wide rules,
 * enabled only, LT / GT / EQ against the threshold, at most once per cooldown.
 */
import { randomUUID } from "node:crypto";
import type { EventPublisher } from "../events/event-hub.ts";
import type { AlertRuleRecord } from "../storage/alert-rules.ts";
import type { AlertRecord } from "../storage/alerts.ts";
import type { Store } from "../storage/store.ts";

export interface AlertEvaluator {
  /** Raises an alert for every rule the metrics break whose cooldown has passed; returns the alerts raised. */
  evaluate(
    plant: { id: string; organizationId: string },
    metrics: Record<string, number>,
    at: Date,
  ): AlertRecord[];
}

const WORDING = { LT: "below", GT: "above", EQ: "equal to" } as const;

export function createAlertEvaluator(deps: { store: Store; events?: EventPublisher }): AlertEvaluator {
  const { store, events } = deps;
  return {
    evaluate(plant, metrics, at) {
      const raised: AlertRecord[] = [];
      for (const rule of store.alertRules.listEnabledFor(plant.organizationId, plant.id)) {
        const value = metrics[rule.metric];
        if (value === undefined || !breaks(rule, value) || coolingDown(rule, at)) continue;
        const now = at.toISOString();
        const alert: AlertRecord = {
          id: randomUUID(),
          organizationId: plant.organizationId,
          plantId: plant.id,
          alertRuleId: rule.id,
          type: "THRESHOLD_EXCEEDED",
          severity: rule.severity,
          status: "ACTIVE",
          message: `${rule.metric} is ${value}, ${WORDING[rule.condition]} the threshold ${rule.threshold} (rule "${rule.name}")`,
          metric: rule.metric,
          value,
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          createdAt: now,
          updatedAt: now,
        };
        // Written at once, not batched: the next message must already see lastTriggeredAt.
        store.transaction(() => {
          store.alerts.insert(alert);
          store.alertRules.markTriggered(rule.id, now);
        });
        raised.push(alert);
        events?.publish({
          type: "alert",
          plantId: plant.id,
          organizationId: plant.organizationId,
          data: {
            alertId: alert.id,
            severity: alert.severity,
            message: alert.message,
            metric: alert.metric,
            value: alert.value,
          },
        });
      }
      return raised;
    },
  };
}

function breaks(rule: AlertRuleRecord, value: number): boolean {
  if (rule.condition === "LT") return value < rule.threshold;
  if (rule.condition === "GT") return value > rule.threshold;
  return value === rule.threshold;
}

function coolingDown(rule: AlertRuleRecord, at: Date): boolean {
  if (rule.lastTriggeredAt === null) return false;
  return at.getTime() - Date.parse(rule.lastTriggeredAt) < rule.cooldownMinutes * 60_000;
}
