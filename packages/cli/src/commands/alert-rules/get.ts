/** `voke alert-rules get ID`: one rule, every field. */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { RULE_COLUMNS } from "./choices.ts";

export const flags = z.object({ id: uuid });

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  await deps.printer.item(await client.alertRules.get(opts.id), {
    columns: [...RULE_COLUMNS, "organizationId", "createdAt", "updatedAt"],
  });
}
