/** `voke alert-rules create --name … --metric … --condition LT|GT|EQ --threshold N [...]`. */

import type { CreateAlertRuleRequest } from "@voke/sdk";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { RULE_COLUMNS } from "./choices.ts";
import type { createInput } from "./index.ts";
import { ruleBody } from "./rule-flags.ts";

export type Options = OptionsOf<typeof createInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const rule = await client.alertRules.create(ruleBody(opts) as CreateAlertRuleRequest);
  await deps.printer.item(rule, { columns: RULE_COLUMNS });
  deps.io.success(`Created alert rule ${rule.id}`);
}
