/** The alerts table: alerts raised by alert rules, shown on their plant. */
import type { ApiSchemas } from "../api-schemas.ts";
import type { Database } from "./database.ts";
import { numberOrNull, type Row, text, textOrNull } from "./rows.ts";

export type AlertSeverity = ApiSchemas["AlertSeverity"];
export type AlertStatus = ApiSchemas["Alert"]["status"];

export interface AlertRecord {
  id: string;
  organizationId: string;
  plantId: string;
  alertRuleId: string | null;
  type: "THRESHOLD_EXCEEDED";
  severity: AlertSeverity;
  status: AlertStatus;
  message: string;
  metric: string | null;
  value: number | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlertStore {
  insert(alert: AlertRecord): void;
  /** The plant's alerts, newest first. */
  listForPlant(plantId: string, limit?: number): AlertRecord[];
}

export function createAlertStore(db: Database): AlertStore {
  const insert = db.sqlite.prepare(
    `INSERT INTO alerts (id, organization_id, plant_id, rule_id, type, severity, status, message, metric, value,
       acknowledged_at, acknowledged_by, resolved_at, created_at, updated_at)
     VALUES (:id, :organizationId, :plantId, :alertRuleId, :type, :severity, :status, :message, :metric, :value,
       :acknowledgedAt, :acknowledgedBy, :resolvedAt, :createdAt, :updatedAt)`,
  );
  const forPlant = db.sqlite.prepare(
    "SELECT * FROM alerts WHERE plant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
  );
  return {
    insert: (alert) => {
      insert.run({ ...alert });
    },
    listForPlant: (plantId, limit = 100) => (forPlant.all(plantId, limit) as Row[]).map(toAlert),
  };
}

function toAlert(row: Row): AlertRecord {
  return {
    id: text(row, "id"),
    organizationId: text(row, "organization_id"),
    plantId: text(row, "plant_id"),
    alertRuleId: textOrNull(row, "rule_id"),
    type: text(row, "type") as "THRESHOLD_EXCEEDED",
    severity: text(row, "severity") as AlertSeverity,
    status: text(row, "status") as AlertStatus,
    message: text(row, "message"),
    metric: textOrNull(row, "metric"),
    value: numberOrNull(row, "value"),
    acknowledgedAt: textOrNull(row, "acknowledged_at"),
    acknowledgedBy: textOrNull(row, "acknowledged_by"),
    resolvedAt: textOrNull(row, "resolved_at"),
    createdAt: text(row, "created_at"),
    updatedAt: text(row, "updated_at"),
  };
}
