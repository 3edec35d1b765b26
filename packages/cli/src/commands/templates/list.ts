/** `voke templates list [--level PLANT|DEVICE]`: the system templates (one unpaginated list). */

import * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { TEMPLATE_LEVELS } from "./choices.ts";

export const flags = z.object({
  level: z.optional(z.enum(TEMPLATE_LEVELS)),
});

export type Options = z.infer<typeof flags>;

const COLUMNS = ["id", "name", "level", "type", "version", "isSystem"];

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const { data } = await client.templates.list(opts.level === undefined ? {} : { level: opts.level });
  await deps.printer.list(data, { columns: COLUMNS, emptyMessage: "No templates." });
}
