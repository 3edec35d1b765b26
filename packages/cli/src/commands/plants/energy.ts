/** `voke plants energy ID`: today's (UTC) produced, imported and exported energy and self-consumption. */

import type { EnergySummary } from "@voke/sdk";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { onePlantInput } from "./index.ts";

export type Options = OptionsOf<typeof onePlantInput>;

const kWh = (value: number) => `${Number(value.toFixed(3))} kWh`;

/** The summary as a person reads it: energies in kWh, self-consumption in percent. */
export function energyWithUnits(energy: EnergySummary): Record<string, string> {
  return {
    date: energy.date,
    produced: kWh(energy.produced),
    imported: kWh(energy.imported),
    exported: kWh(energy.exported),
    selfConsumption: `${Number(energy.selfConsumptionPct.toFixed(1))} %`,
  };
}

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const energy = await client.plants.energyToday(opts.plantId);
  // Units on a terminal; scripts (pipes, json, csv) get the numbers.
  const forPerson = deps.printer.format === "table" && deps.io.stdoutIsTTY;
  await deps.printer.item(forPerson ? energyWithUnits(energy) : energy);
}
