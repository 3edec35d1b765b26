/** `voke alert-rules create --name … --metric … --condition LT|GT|EQ --threshold N [...]`. */

import type { CreateAlertRuleRequest } from "@voke/sdk";
import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { RULE_COLUMNS } from "./choices.ts";
import { enabledOrDisabled, ruleBody, ruleShape } from "./rule-flags.ts";

export const flags = z.object(ruleShape("create")).check(enabledOrDisabled);

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const rule = await client.alertRules.create(ruleBody(opts) as CreateAlertRuleRequest);
  await deps.printer.item(rule, { columns: RULE_COLUMNS });
  deps.io.success(`Created alert rule ${rule.id}`);
}
