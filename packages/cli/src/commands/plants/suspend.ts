/** `voke plants suspend ID`: closes the plant's MQTT session and refuses new ones until reactivated. */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { reportAction } from "./action-result.ts";
import type { onePlantInput } from "./index.ts";

export type Options = OptionsOf<typeof onePlantInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  await reportAction(deps, opts.plantId, await client.plants.suspend(opts.plantId));
}
