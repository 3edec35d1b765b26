/** `voke alert-rules update ID [--name …] [--threshold N] [--enabled|--disabled] …`: change only what is given. */

import * as z from "zod/mini";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { RULE_COLUMNS } from "./choices.ts";
import { enabledOrDisabled, ruleBody, ruleShape } from "./rule-flags.ts";

export const flags = z.object({ id: uuid, ...ruleShape("update") }).check(enabledOrDisabled);

export type Options = z.infer<typeof flags>;

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
