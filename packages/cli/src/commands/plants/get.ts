/**
 * `voke plants get ID`: on a terminal, a detail view with alerts and recent commands; piped, every
 * field as tab-separated lines; json and ndjson give the full object.
 */

import type { Command, VokeClient } from "@voke/sdk";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { onePlantInput } from "./index.ts";
import { plantDetailRows } from "./views.ts";

export type Options = OptionsOf<typeof onePlantInput>;

/** How many of the plant's latest commands the terminal view shows. */
const RECENT_COMMANDS = 5;

/** The plant's latest commands, newest first (the API lists oldest first: read its last page). */
async function recentCommands(client: VokeClient, plantId: string): Promise<Command[]> {
  const first = await client.commands.list(plantId, { limit: RECENT_COMMANDS });
  const { totalPages } = first.meta;
  const last =
    totalPages > 1
      ? await client.commands.list(plantId, { limit: RECENT_COMMANDS, page: totalPages })
      : first;
  const previous =
    totalPages > 1 && last.data.length < RECENT_COMMANDS
      ? (await client.commands.list(plantId, { limit: RECENT_COMMANDS, page: totalPages - 1 })).data
      : [];
  return [...previous, ...last.data].slice(-RECENT_COMMANDS).reverse();
}

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const { printer, io } = deps;
  const plant = await client.plants.get(opts.plantId);
  if (printer.format === "json" || printer.format === "ndjson") return printer.item(plant);
  if (printer.format === "table" && io.stdoutIsTTY && io.columns !== undefined) {
    const [{ renderPlantDetail }, commands] = await Promise.all([
      import("./detail-view.ts"),
      recentCommands(client, plant.id),
    ]);
    printer.view(
      renderPlantDetail(plant, commands, { colors: io.colors, width: io.columns, now: Date.now() }),
    );
    return;
  }
  await printer.item(plantDetailRows(plant));
}
