/**
 * `voke plants revoke ID`: revokes the certificate and secrets and decommissions the plant (terminal);
 * asks first on a terminal, needs --yes otherwise.
 */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { reportAction } from "./action-result.ts";
import { confirmPlantAction } from "./confirm-action.ts";

export const flags = z.object({ plantId: uuid, yes: z._default(z.boolean(), false) });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  await confirmPlantAction(
    deps,
    opts,
    "Revoke",
    "Its certificate and secrets stop working and it is decommissioned for good",
  );
  const client = await deps.client();
  await reportAction(deps, opts.plantId, await client.plants.revoke(opts.plantId));
}
