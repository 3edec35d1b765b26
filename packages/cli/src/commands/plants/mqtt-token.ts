/**
 * `voke plants mqtt-token ID`: issues a short-lived MQTT JWT for a TOKEN plant and prints it (that is
 * the point: the device uses it as its MQTT password, with its plant id as the username).
 */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { onePlantInput } from "./index.ts";

export type Options = OptionsOf<typeof onePlantInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const token = await client.plants.issueMqttToken(opts.plantId);
  await deps.printer.item(token);
}
