/** `voke templates list [--level PLANT|DEVICE]`: the system templates (one unpaginated list). */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { listInput } from "./index.ts";

export type Options = OptionsOf<typeof listInput>;

const COLUMNS = ["id", "name", "level", "type", "version", "isSystem"];

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const { data } = await client.templates.list(opts.level === undefined ? {} : { level: opts.level });
  await deps.printer.list(data, { columns: COLUMNS, emptyMessage: "No templates." });
}
