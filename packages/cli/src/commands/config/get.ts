/**
 * `voke config get KEY`: the value in force as plain text, so `$(voke config get api-url)` works
 * whatever output the profile prefers; `-o json` (given as a flag) prints `{key, value, source}`.
 */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { readableSettings, settingRows } from "./settings.ts";

export const flags = z.object({
  key: z.enum(readableSettings, { error: `must be one of ${readableSettings.join(", ")}` }),
});

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const row = settingRows(deps.config).find((candidate) => candidate.key === opts.key);
  if (!row) return;
  if (deps.config.output.source !== "flag" || deps.printer.format === "table")
    deps.printer.text(`${row.value ?? ""}\n`);
  else await deps.printer.item(row);
}
