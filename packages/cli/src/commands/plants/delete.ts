/** `voke plants delete ID`: removes a plant for good; asks first on a terminal, needs --yes otherwise. */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { reportAction } from "./action-result.ts";
import { confirmPlantAction } from "./confirm-action.ts";

export const flags = z.object({ plantId: uuid, yes: z._default(z.boolean(), false) });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  await confirmPlantAction(deps, opts, "Delete", "This cannot be undone");
  const client = await deps.client();
  await reportAction(deps, opts.plantId, await client.plants.delete(opts.plantId));
}
