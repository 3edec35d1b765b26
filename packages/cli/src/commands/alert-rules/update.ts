/** `voke alert-rules update ID [--name …] [--threshold N] [--enabled|--disabled] …`: change only what is given. */

import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { RULE_COLUMNS } from "./choices.ts";
import type { updateInput } from "./index.ts";
import { ruleBody } from "./rule-flags.ts";

export type Options = OptionsOf<typeof updateInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const body = ruleBody(opts);
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      "nothing to update: pass at least one of --name, --metric, --condition, --threshold, --severity, " +
        "--cooldown-minutes, --enabled, --disabled, --plant-id",
    );
  }
  const client = await deps.client();
  const rule = await client.alertRules.update(opts.id, body);
  await deps.printer.item(rule, { columns: RULE_COLUMNS });
  deps.io.success(`Updated alert rule ${rule.id}`);
}
