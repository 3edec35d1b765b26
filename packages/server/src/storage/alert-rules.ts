/** The alert_rules table: threshold rules on telemetry metrics, per plant or for a whole organization. */
import type { SQLInputValue } from "node:sqlite";
import type { ApiSchemas } from "../api-schemas.ts";
import type { AlertSeverity } from "./alerts.ts";
import type { Database } from "./database.ts";
import { pageInCreationOrder, whereSet } from "./listing.ts";
import { integer, numberOrNull, type Row, text, textOrNull } from "./rows.ts";

export type AlertCondition = ApiSchemas["AlertCondition"];

export interface AlertRuleRecord {
  id: string;
  organizationId: string;
  /** null: the rule watches every plant of its organization. */
  plantId: string | null;
  name: string;
  metric: string;
  condition: AlertCondition;
  threshold: number;
  severity: AlertSeverity;
  cooldownMinutes: number;
  enabled: boolean;
  lastTriggeredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields `update` may change. */
export type AlertRuleChanges = Partial<
  Pick<
    AlertRuleRecord,
    | "plantId"
    | "name"
    | "metric"
    | "condition"
    | "threshold"
    | "severity"
    | "cooldownMinutes"
    | "enabled"
    | "lastTriggeredAt"
    | "updatedAt"
  >
>;

export interface AlertRuleListQuery {
  /** Only this organization's rules; undefined = every organization. */
  organizationId?: string | undefined;
  /** Only the rules of this plant. */
  plantId?: string | undefined;
  offset: number;
  limit: number;
}

export interface AlertRuleStore {
  insert(rule: AlertRuleRecord): void;
  findById(id: string): AlertRuleRecord | undefined;
  /** One page, ordered by createdAt then id, with the total across every page. */
  list(query: AlertRuleListQuery): { items: AlertRuleRecord[]; total: number };
  /** Applies `changes` (undefined values are skipped); returns the rule after, undefined when there is none. */
  update(id: string, changes: AlertRuleChanges): AlertRuleRecord | undefined;
  delete(id: string): boolean;
  /**
   * The enabled rules that apply to a plant: its own and its organization's plant-wide ones (plantId null).
   * Runs on every telemetry message, so the answer is kept until any rule changes through this store (the
   * only writer); the records are shared and must not be changed.
   */
  listEnabledFor(organizationId: string, plantId: string): readonly AlertRuleRecord[];
  /** Records that the rule raised an alert at `at` (its cooldown starts). */
  markTriggered(id: string, at: string): void;
}

const COLUMNS: Record<keyof AlertRuleChanges, string> = {
  plantId: "plant_id",
  name: "name",
  metric: "metric",
  condition: "condition",
  threshold: "threshold",
  severity: "severity",
  cooldownMinutes: "cooldown_minutes",
  enabled: "enabled",
  lastTriggeredAt: "last_triggered_at",
  updatedAt: "updated_at",
};

function toColumnValue(field: keyof AlertRuleChanges, value: unknown): SQLInputValue {
  if (field === "enabled") return value ? 1 : 0;
  return value as SQLInputValue;
}

export function createAlertRuleStore(db: Database): AlertRuleStore {
  const insert = db.sqlite.prepare(
    `INSERT INTO alert_rules (id, organization_id, plant_id, name, metric, condition, threshold, severity,
       cooldown_minutes, enabled, last_triggered_at, created_at, updated_at)
     VALUES (:id, :organizationId, :plantId, :name, :metric, :condition, :threshold, :severity,
       :cooldownMinutes, :enabled, :lastTriggeredAt, :createdAt, :updatedAt)`,
  );
  const byId = db.sqlite.prepare("SELECT * FROM alert_rules WHERE id = ?");
  const remove = db.sqlite.prepare("DELETE FROM alert_rules WHERE id = ?");
  const enabledFor = db.sqlite.prepare(
    "SELECT * FROM alert_rules WHERE enabled = 1 AND organization_id = ? AND (plant_id = ? OR plant_id IS NULL)",
  );
  const triggered = db.sqlite.prepare("UPDATE alert_rules SET last_triggered_at = ? WHERE id = ?");

  const findById = (id: string) => {
    const row = byId.get(id) as Row | undefined;
    return row ? toAlertRule(row) : undefined;
  };

  const enabledCache = new Map<string, readonly AlertRuleRecord[]>();
  const changed = () => enabledCache.clear();

  return {
    insert: (rule) => {
      changed();
      insert.run({ ...rule, enabled: rule.enabled ? 1 : 0 });
    },
    findById,
    list: (query) => {
      const where = whereSet({
        "organization_id = :organizationId": query.organizationId,
        "plant_id = :plantId": query.plantId,
      });
      const { rows, total } = pageInCreationOrder(
        (sql) => db.sqlite.prepare(sql),
        "alert_rules",
        where,
        query,
      );
      return { items: rows.map(toAlertRule), total };
    },
    update: (id, changes) => {
      const set = (Object.keys(changes) as (keyof AlertRuleChanges)[]).filter(
        (field) => field in COLUMNS && changes[field] !== undefined,
      );
      if (set.length > 0) {
        changed();
        const params: Record<string, SQLInputValue> = { id };
        for (const field of set) params[field] = toColumnValue(field, changes[field]);
        db.sqlite
          .prepare(
            `UPDATE alert_rules SET ${set.map((field) => `${COLUMNS[field]} = :${field}`).join(", ")} WHERE id = :id`,
          )
          .run(params);
      }
      return findById(id);
    },
    delete: (id) => {
      changed();
      return Number(remove.run(id).changes) > 0;
    },
    listEnabledFor: (organizationId, plantId) => {
      const key = `${organizationId} ${plantId}`;
      let rules = enabledCache.get(key);
      if (!rules) {
        rules = Object.freeze((enabledFor.all(organizationId, plantId) as Row[]).map(toAlertRule));
        enabledCache.set(key, rules);
      }
      return rules;
    },
    markTriggered: (id, at) => {
      changed();
      triggered.run(at, id);
    },
  };
}

function requiredNumber(row: Row, column: string): number {
  const value = numberOrNull(row, column);
  if (value === null) throw new TypeError(`column ${column} is not a number`);
  return value;
}

function toAlertRule(row: Row): AlertRuleRecord {
  return {
    id: text(row, "id"),
    organizationId: text(row, "organization_id"),
    plantId: textOrNull(row, "plant_id"),
    name: text(row, "name"),
    metric: text(row, "metric"),
    condition: text(row, "condition") as AlertCondition,
    threshold: requiredNumber(row, "threshold"),
    severity: text(row, "severity") as AlertSeverity,
    cooldownMinutes: integer(row, "cooldown_minutes"),
    enabled: integer(row, "enabled") === 1,
    lastTriggeredAt: textOrNull(row, "last_triggered_at"),
    createdAt: text(row, "created_at"),
    updatedAt: text(row, "updated_at"),
  };
}
