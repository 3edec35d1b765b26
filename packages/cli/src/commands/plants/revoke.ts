/**
 * `voke plants revoke ID`: revokes the certificate and secrets and decommissions the plant (terminal);
 * asks first on a terminal, needs --yes otherwise.
 */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { reportAction } from "./action-result.ts";
import { confirmPlantAction } from "./confirm-action.ts";
import type { confirmedInput } from "./index.ts";

export type Options = OptionsOf<typeof confirmedInput>;

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
