/** `voke alert-rules get ID`: one rule, every field. */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { RULE_COLUMNS } from "./choices.ts";
import type { oneRuleInput } from "./index.ts";

export type Options = OptionsOf<typeof oneRuleInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  await deps.printer.item(await client.alertRules.get(opts.id), {
    columns: [...RULE_COLUMNS, "organizationId", "createdAt", "updatedAt"],
  });
}
