/** Today's energy for a plant, from the cumulative meter registers in its telemetry. */
import type { ApiSchemas } from "../api-schemas.ts";
import type { TelemetryRecord } from "../storage/telemetry.ts";

/** openapi.yaml EnergySummary; `date` is the UTC day, YYYY-MM-DD. */
export type EnergySummary = ApiSchemas["EnergySummary"];

const REGISTERS = { produced: "producedKwh", imported: "importedKwh", exported: "exportedKwh" } as const;

/** [start, end) of the UTC day `now` falls in, as ISO strings. */
export function utcDay(now: Date): { date: string; start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const end = new Date(start.getTime() + 86_400_000);
  return { date: start.toISOString().slice(0, 10), start: start.toISOString(), end: end.toISOString() };
}

/**
 * How much a cumulative register grew over `readings` (in time order). A reading lower than the one before is
 * a meter reset: the register restarted from zero, so the new reading itself is the growth since.
 */
export function registerIncrease(readings: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < readings.length; i++) {
    const previous = readings[i - 1] as number;
    const current = readings[i] as number;
    total += current >= previous ? current - previous : current;
  }
  return total;
}

/**
 * The day's summary from that day's samples in time order. `selfConsumptionPct` = (produced − exported) /
 * produced × 100, 0 when nothing was produced. kWh are rounded to 6 decimals, the percentage to 2.
 *
 * @example computeEnergySummary("2025-05-01", samples) // { date, produced: 12.5, ... }
 */
export function computeEnergySummary(date: string, samples: readonly TelemetryRecord[]): EnergySummary {
  const increase = (register: string) =>
    round(
      registerIncrease(
        samples
          .map((sample) => sample.metrics[register])
          .filter((value): value is number => typeof value === "number" && Number.isFinite(value)),
      ),
      6,
    );
  const produced = increase(REGISTERS.produced);
  const imported = increase(REGISTERS.imported);
  const exported = increase(REGISTERS.exported);
  const selfConsumptionPct = produced > 0 ? round(((produced - exported) / produced) * 100, 2) : 0;
  return { date, produced, imported, exported, selfConsumptionPct };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
