/**
 * `voke plants mqtt-token ID`: issues a short-lived MQTT JWT for a TOKEN plant and prints it (that is
 * the point: the device uses it as its MQTT password, with its plant id as the username).
 */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";

export const flags = z.object({ plantId: uuid });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const token = await client.plants.issueMqttToken(opts.plantId);
  await deps.printer.item(token);
}
