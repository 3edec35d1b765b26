/** `voke plants reactivate ID`: lets a suspended plant connect again. */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { reportAction } from "./action-result.ts";

export const flags = z.object({ plantId: uuid });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  await reportAction(deps, opts.plantId, await client.plants.reactivate(opts.plantId));
}
