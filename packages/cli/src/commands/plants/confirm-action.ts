/**
 * Confirmation for destructive plant verbs: skipped with `--yes`, asked on a terminal (naming the
 * plant), refused without one (exit 2, pass --yes), and a "no" ends the command.
 */

import { ExitCode, ExitError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { confirm } from "../../io/prompt.ts";

/**
 * `await confirmPlantAction(deps, opts, "Delete", "its telemetry and commands go with it")` asks
 * `Delete plant "Roof PV" (SN-001, 9f3c…)? its telemetry ... [y/N]`.
 */
export async function confirmPlantAction(
  deps: CommandDeps,
  opts: { plantId: string; yes: boolean },
  verb: string,
  consequence: string,
): Promise<void> {
  if (opts.yes) return;
  if (!deps.io.canPrompt) {
    // confirm() refuses with the usage error; nothing is fetched first.
    await confirm(deps.io, `${verb} plant ${opts.plantId}?`, "--yes");
    return;
  }
  const client = await deps.client();
  const plant = await client.plants.get(opts.plantId);
  const question = `${verb} plant "${plant.name}" (${plant.serialNumber}, ${plant.id})? ${consequence}.`;
  if (!(await confirm(deps.io, question, "--yes"))) {
    throw new ExitError(ExitCode.error, `${verb.toLowerCase()} cancelled`, { code: "CANCELLED" });
  }
}
