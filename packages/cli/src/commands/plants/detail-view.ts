/**
 * `voke plants get` on a terminal, in the spirit of `gh issue view`: a title line, the states on one
 * line, the key facts (empty ones left out), the alerts, and the plant's most recent commands.
 */

import type { Command, PlantDetail } from "@voke/sdk";
import { relativeTime, stateColor } from "../../io/columns.ts";
import { cellText } from "../../io/fields.ts";
import { inertCell } from "../../io/inert.ts";
import type { Styles } from "../../io/styles.ts";
import { renderFacts, renderTable } from "../../io/table.ts";
import { truncate } from "../../io/text-width.ts";

export interface DetailViewOptions {
  colors: Styles;
  width: number;
  now: number;
}

const yesNo = (value: boolean | null) => (value === null ? null : value ? "yes" : "no");

function joined(parts: readonly (string | null | undefined)[], separator = " · "): string {
  return parts.filter((part): part is string => typeof part === "string" && part !== "").join(separator);
}

/** `(BAD_SIGNATURE 2, REPLAY 1)`, most frequent first; empty when there are no reasons. */
function reasonList(reasons: Record<string, number> | undefined): string | null {
  const entries = Object.entries(reasons ?? {}).sort((a, b) => b[1] - a[1]);
  return entries.length === 0
    ? null
    : `(${entries.map(([reason, count]) => `${reason} ${count}`).join(", ")})`;
}

/** The facts worth a line, each only when it has a value. */
function facts(plant: PlantDetail, now: number): [string, string][] {
  const when = (iso: string | null | undefined) => (iso == null ? null : relativeTime(iso, now));
  const reported = joined([
    plant.esiState == null ? null : `ESI state ${plant.esiState}`,
    plant.capacityKwh == null ? null : `capacity ${plant.capacityKwh} kWh`,
    plant.fvePeakPowerKwp == null ? null : `peak ${plant.fvePeakPowerKwp} kWp`,
    plant.plantWithLoad == null ? null : `with load ${yesNo(plant.plantWithLoad)}`,
    plant.configEnabled == null ? null : `config ${plant.configEnabled ? "enabled" : "disabled"}`,
  ]);
  const certificate = plant.certificateExpiresAt
    ? joined([
        `expires ${when(plant.certificateExpiresAt)}`,
        plant.certificateFingerprint ? `SHA-256 ${plant.certificateFingerprint}` : null,
      ])
    : null;
  // A count, the reasons it is made of, and when the last one happened: "3 (WRONG_PASSWORD 3), last 2 hours ago".
  const refused = (count: number, reasons: Record<string, number> | undefined, last: string | null) =>
    count > 0
      ? joined([joined([`${count}`, reasonList(reasons)], " "), last ? `last ${when(last)}` : null], ", ")
      : null;
  const failures = refused(plant.authFailureCount, plant.refusals?.authentication, plant.lastAuthFailureAt);
  const refusedMessages = refused(
    plant.messageRefusalCount,
    plant.refusals?.messages,
    plant.lastMessageRefusalAt,
  );
  const rows: [string, string | null][] = [
    ["ID", plant.id],
    ["Organization", plant.organizationId],
    ["Description", plant.description],
    ["External ID", plant.externalPlantId],
    ["Tag", plant.tag],
    [
      "Location",
      plant.latitude == null || plant.longitude == null ? null : `${plant.latitude}, ${plant.longitude}`,
    ],
    ["Template", plant.template ? `${plant.template.name} (${plant.template.id})` : null],
    ["Groups", plant.plantGroups.map((group) => group.name).join(", ")],
    [
      "Metadata",
      plant.metadata == null || Object.keys(plant.metadata ?? {}).length === 0
        ? null
        : cellText(plant.metadata),
    ],
    ["Reports", reported],
    ["Certificate", certificate],
    ["Secret rotated", when(plant.secretRotatedAt)],
    ["Auth failures", failures],
    ["Refused messages", refusedMessages],
    ["Activated", when(plant.activatedAt)],
    ["Created", when(plant.createdAt)],
  ];
  return rows.filter((row): row is [string, string] => typeof row[1] === "string" && row[1] !== "");
}

/** The whole view as text for a terminal `width` columns wide. */
export function renderPlantDetail(
  plant: PlantDetail,
  commands: readonly Command[],
  options: DetailViewOptions,
): string {
  const { colors, width, now } = options;
  const title = truncate(inertCell(`${plant.name}  ${plant.serialNumber}`), width);
  const states = joined([
    stateColor(inertCell(plant.lifecycleStatus), colors),
    stateColor(inertCell(plant.status), colors),
    inertCell(plant.type),
    inertCell(plant.authMethod),
    plant.lastSeenAt ? `last seen ${relativeTime(plant.lastSeenAt, now)}` : "never seen",
  ]);
  const out = [
    `${colors.bold(title)}\n`,
    `${states}\n`,
    "\n",
    renderFacts(facts(plant, now), { colors, width }),
  ];

  const active = plant.alerts.filter((alert) => alert.status !== "RESOLVED").length;
  out.push(
    "\n",
    colors.bold(`Alerts: ${plant.alerts.length === 0 ? "none" : `${active} open of ${plant.alerts.length}`}`),
    "\n",
  );
  if (plant.alerts.length > 0) {
    const rows = plant.alerts
      .slice(0, 5)
      .map((alert) => [alert.severity, alert.status, alert.message, alert.createdAt]);
    out.push(renderTable(["severity", "status", "message", "createdAt"], rows, { colors, width, now }));
    if (plant.alerts.length > 5)
      out.push(colors.dim(`…and ${plant.alerts.length - 5} more (-o json shows all)\n`));
  }

  out.push("\n", colors.bold(commands.length === 0 ? "Recent commands: none" : "Recent commands"), "\n");
  if (commands.length > 0) {
    const rows = commands.map((command) => [command.id, command.command, command.status, command.createdAt]);
    out.push(renderTable(["id", "command", "status", "createdAt"], rows, { colors, width, now }));
  }
  return out.join("");
}
