/** `voke config list`: every setting in force with its source (the token masked). */

import type { CommandDeps } from "../../factory.ts";
import { settingRows } from "./settings.ts";

export type Options = Record<string, never>;

export async function run(_opts: Options, deps: CommandDeps): Promise<void> {
  await deps.printer.list(settingRows(deps.config), { columns: ["key", "value", "source"] });
}
