/** `voke commands list PLANT [--page N --limit N | --all]`: a plant's command history, oldest first. */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { COMMAND_LIST_COLUMNS } from "./columns.ts";
import type { listInput } from "./index.ts";

export type Options = OptionsOf<typeof listInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const shape = { columns: COMMAND_LIST_COLUMNS, emptyMessage: "No commands." };
  if (opts.all) {
    await deps.printer.list(client.commands.iterate(opts.plantId, { limit: opts.limit ?? 100 }), shape);
    return;
  }
  const page = await client.commands.list(opts.plantId, { page: opts.page ?? 1, limit: opts.limit ?? 20 });
  await deps.printer.list(page.data, shape);
  const { meta } = page;
  if (deps.io.stderrIsTTY && meta.page < meta.totalPages) {
    deps.io.info(
      `Page ${meta.page} of ${meta.totalPages} (${meta.total} commands): --page ${meta.page + 1} or --all for more`,
    );
  }
}
