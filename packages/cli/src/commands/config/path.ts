/** `voke config path`: where the configuration file is (or will be). */

import type { CommandDeps } from "../../factory.ts";

export type Options = Record<string, never>;

export async function run(_opts: Options, deps: CommandDeps): Promise<void> {
  deps.printer.text(`${deps.profiles.path}\n`);
}
