/** Alert rules: list, create, read, update and delete, within the caller's tenancy and its plants. */
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { AlertCondition, AlertRuleChanges, AlertRuleRecord } from "../storage/alert-rules.ts";
import type { AlertSeverity } from "../storage/alerts.ts";
import type { Store } from "../storage/store.ts";
import { canAccessOrganization, organizationScope, type Principal } from "./access.ts";
import { NotFoundError, ValidationError } from "./errors.ts";

export interface AlertRuleServiceDeps {
  store: Store;
  clock: Clock;
}

export interface ListAlertRulesInput {
  page: number;
  limit: number;
  plantId?: string | undefined;
}

export interface CreateAlertRuleInput {
  name: string;
  metric: string;
  condition: AlertCondition;
  threshold: number;
  severity?: AlertSeverity | undefined;
  cooldownMinutes?: number | undefined;
  enabled?: boolean | undefined;
  plantId?: string | null | undefined;
}

/** The fields to change; undefined leaves a field as it is. */
export type UpdateAlertRuleInput = Partial<CreateAlertRuleInput>;

export interface AlertRuleService {
  list(principal: Principal, input: ListAlertRulesInput): { items: AlertRuleRecord[]; total: number };
  create(principal: Principal, input: CreateAlertRuleInput): AlertRuleRecord;
  /** The rule if the caller may see it; NotFoundError (NOT_FOUND) otherwise. */
  get(principal: Principal, id: string): AlertRuleRecord;
  update(principal: Principal, id: string, input: UpdateAlertRuleInput): AlertRuleRecord;
  delete(principal: Principal, id: string): void;
}

/** Defaults of a new rule (openapi.yaml CreateAlertRuleRequest). */
export const ALERT_RULE_DEFAULTS = { severity: "WARNING", cooldownMinutes: 15, enabled: true } as const;

export function createAlertRuleService(deps: AlertRuleServiceDeps): AlertRuleService {
  const { store, clock } = deps;

  const get = (principal: Principal, id: string): AlertRuleRecord => {
    const rule = store.alertRules.findById(id);
    if (!rule || !canAccessOrganization(principal, rule.organizationId)) throw alertRuleNotFound();
    return rule;
  };

  /**
   * The organization of the plant a rule is to watch, if the caller may use it. A missing plant and another
   * organization's plant get the same answer, so plant ids cannot be probed through rules.
   */
  const plantOrganization = (principal: Principal, plantId: string, ruleOrganizationId?: string) => {
    const plant = store.plants.findById(plantId);
    const organizationId = ruleOrganizationId ?? principal.organizationId;
    const allowed =
      plant !== undefined &&
      canAccessOrganization(principal, plant.organizationId) &&
      // A superadmin's new rule follows its plant's organization; an existing rule keeps its own.
      (plant.organizationId === organizationId ||
        (ruleOrganizationId === undefined && principal.role === "superadmin"));
    if (!allowed) {
      throw new ValidationError(
        [{ path: "plantId", message: "must be a plant of the rule's organization" }],
        "Plant tenancy violation: plantId is not a plant of your organization",
      );
    }
    return plant.organizationId;
  };

  return {
    list(principal, input) {
      return store.alertRules.list({
        organizationId: organizationScope(principal),
        plantId: input.plantId,
        offset: (input.page - 1) * input.limit,
        limit: input.limit,
      });
    },

    create(principal, input) {
      const plantId = input.plantId ?? null;
      const now = clock.now().toISOString();
      // One transaction: the plant cannot be deleted between the tenancy check and the insert.
      return store.transaction(() => {
        const organizationId =
          plantId === null ? principal.organizationId : plantOrganization(principal, plantId);
        const rule: AlertRuleRecord = {
          id: randomUUID(),
          organizationId,
          plantId,
          name: input.name,
          metric: input.metric,
          condition: input.condition,
          threshold: input.threshold,
          severity: input.severity ?? ALERT_RULE_DEFAULTS.severity,
          cooldownMinutes: input.cooldownMinutes ?? ALERT_RULE_DEFAULTS.cooldownMinutes,
          enabled: input.enabled ?? ALERT_RULE_DEFAULTS.enabled,
          lastTriggeredAt: null,
          createdAt: now,
          updatedAt: now,
        };
        store.alertRules.insert(rule);
        return rule;
      });
    },

    get,

    update(principal, id, input) {
      const rule = get(principal, id);
      const changes: AlertRuleChanges = {
        name: input.name,
        metric: input.metric,
        condition: input.condition,
        threshold: input.threshold,
        severity: input.severity,
        cooldownMinutes: input.cooldownMinutes,
        enabled: input.enabled,
        plantId: input.plantId,
      };
      // undefined leaves a field alone; plantId null is a change (the rule then watches every plant).
      if (Object.values(changes).every((value) => value === undefined)) return rule;
      const updatedAt = clock.now().toISOString();
      const updated = store.transaction(() => {
        if (typeof input.plantId === "string")
          plantOrganization(principal, input.plantId, rule.organizationId);
        return store.alertRules.update(rule.id, { ...changes, updatedAt });
      });
      if (!updated) throw alertRuleNotFound();
      return updated;
    },

    delete(principal, id) {
      const rule = get(principal, id);
      if (!store.alertRules.delete(rule.id)) throw alertRuleNotFound();
    },
  };
}

function alertRuleNotFound(): NotFoundError {
  return new NotFoundError("NOT_FOUND", "Alert rule not found");
}
