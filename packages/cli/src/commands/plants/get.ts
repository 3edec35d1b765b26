/** `voke plants get ID`: the detail view; a table summarises alerts, json and ndjson give the full object. */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { plantDetailRows } from "./views.ts";

export const flags = z.object({ plantId: uuid });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const plant = await client.plants.get(opts.plantId);
  const { printer } = deps;
  if (printer.format === "json" || printer.format === "ndjson") await printer.item(plant);
  else await printer.item(plantDetailRows(plant));
}
