/** How plants look in a table: the list's default columns and a readable summary of the detail view. */

import type { Alert, PlantDetail } from "@voke/sdk";

/** Default columns of `voke plants list` (and single plants in table/CSV form). */
export const PLANT_COLUMNS = [
  "id",
  "name",
  "serialNumber",
  "type",
  "authMethod",
  "lifecycleStatus",
  "status",
  "lastSeenAt",
] as const;

/**
 * `3 (2 ACTIVE, 1 RESOLVED); latest CRITICAL: Voltage above 250` — alerts come newest first.
 * `none` when there are none.
 */
export function alertSummary(alerts: readonly Alert[]): string {
  const latest = alerts[0];
  if (!latest) return "none";
  const byStatus = new Map<string, number>();
  for (const alert of alerts) byStatus.set(alert.status, (byStatus.get(alert.status) ?? 0) + 1);
  const counts = [...byStatus].map(([status, count]) => `${count} ${status}`).join(", ");
  return `${alerts.length} (${counts}); latest ${latest.severity}: ${latest.message}`;
}

/**
 * The detail view for a field/value table: every field, with alerts summarised, plant groups and
 * the template by name. JSON output gets the full object instead.
 */
export function plantDetailRows(plant: PlantDetail): Record<string, unknown> {
  return {
    ...plant,
    template: plant.template ? `${plant.template.name} (${plant.template.id})` : null,
    plantGroups: plant.plantGroups.map((group) => group.name).join(", "),
    alerts: alertSummary(plant.alerts),
    refusals: refusalSummary(plant.refusals),
  };
}

/**
 * `authentication: WRONG_PASSWORD 3; messages: BAD_SIGNATURE 2, REPLAY 1` — the plant's refusals by reason,
 * `none` when nothing was refused.
 */
export function refusalSummary(refusals: PlantDetail["refusals"] | undefined): string {
  const parts: string[] = [];
  for (const [kind, counts] of Object.entries(refusals ?? {})) {
    const reasons = Object.entries(counts ?? {}).map(([reason, count]) => `${reason} ${count}`);
    if (reasons.length > 0) parts.push(`${kind}: ${reasons.join(", ")}`);
  }
  return parts.length > 0 ? parts.join("; ") : "none";
}
