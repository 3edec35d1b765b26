/** `voke plants update ID`: change the fields given as flags; `null` clears a nullable one. */

import type { UpdatePlantRequest } from "@voke/sdk";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { type OptionsOf, spelling } from "../../flags/declare.ts";
import { updateInput } from "./index.ts";
import { PLANT_COLUMNS } from "./views.ts";

export type Options = OptionsOf<typeof updateInput>;

/** Every flag of `update` is a field of the request body, named alike. */
const FIELDS = Object.keys(updateInput.flags) as (keyof typeof updateInput.flags)[];

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const body: Record<string, unknown> = {};
  for (const field of FIELDS) if (opts[field] !== undefined) body[field] = opts[field];
  if (Object.keys(body).length === 0) {
    throw new UsageError(`nothing to update: pass at least one of ${FIELDS.map(spelling).join(", ")}`);
  }
  const client = await deps.client();
  const plant = await client.plants.update(opts.plantId, body as UpdatePlantRequest);
  await deps.printer.item(plant, { columns: PLANT_COLUMNS });
}
