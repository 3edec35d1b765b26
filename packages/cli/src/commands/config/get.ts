/**
 * `voke config get KEY`: the value in force as plain text, so `$(voke config get api-url)` works
 * whatever output the profile prefers; `-o json` (given as a flag) prints `{key, value, source}`.
 */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { getInput } from "./index.ts";
import { settingRows } from "./settings.ts";

export type Options = OptionsOf<typeof getInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const row = settingRows(deps.config).find((candidate) => candidate.key === opts.key);
  if (!row) return;
  if (deps.config.output.source !== "flag" || deps.printer.format === "table")
    deps.printer.text(`${row.value ?? ""}\n`);
  else await deps.printer.item(row);
}
