/** `voke alert-rules delete ID [--yes]`: asks first on a terminal; without one, --yes is required. */

import { ExitCode, ExitError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { confirm } from "../../io/prompt.ts";
import type { deleteInput } from "./index.ts";

export type Options = OptionsOf<typeof deleteInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  if (!opts.yes) await confirmDeletion(opts.id, deps);
  const client = await deps.client();
  await client.alertRules.delete(opts.id);
  deps.io.success(`Deleted alert rule ${opts.id}`);
}

/** Asks on a terminal, naming the rule; without a terminal `confirm` refuses (exit 2) before any request. */
async function confirmDeletion(id: string, deps: CommandDeps): Promise<void> {
  const { io } = deps;
  let question = `Delete alert rule ${id}?`;
  if (io.canPrompt) {
    const rule = await (await deps.client()).alertRules.get(id);
    question = `Delete alert rule "${rule.name}" (${rule.id})?`;
  }
  if (!(await confirm(io, question, "--yes"))) {
    throw new ExitError(ExitCode.error, "cancelled: the alert rule was not deleted", { code: "CANCELLED" });
  }
}
