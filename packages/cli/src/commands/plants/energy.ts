/** `voke plants energy ID`: today's (UTC) produced, imported and exported energy and self-consumption. */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";

export const flags = z.object({ plantId: uuid });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const energy = await client.plants.energyToday(opts.plantId);
  await deps.printer.item(energy);
}
