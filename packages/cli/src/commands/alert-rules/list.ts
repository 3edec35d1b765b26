/** `voke alert-rules list [--plant-id ID] [--page N --limit N | --all]`. */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { RULE_COLUMNS } from "./choices.ts";
import type { listInput } from "./index.ts";

export type Options = OptionsOf<typeof listInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const filter = opts.plantId === undefined ? {} : { plantId: opts.plantId };
  const shape = { columns: RULE_COLUMNS, emptyMessage: "No alert rules." };
  if (opts.all) {
    await deps.printer.list(client.alertRules.iterate({ ...filter, limit: opts.limit ?? 100 }), shape);
    return;
  }
  const page = await client.alertRules.list({ ...filter, page: opts.page ?? 1, limit: opts.limit ?? 20 });
  await deps.printer.list(page.data, shape);
  const { meta } = page;
  if (deps.io.stderrIsTTY && meta.page < meta.totalPages) {
    deps.io.info(
      `Page ${meta.page} of ${meta.totalPages} (${meta.total} rules): --page ${meta.page + 1} or --all for more`,
    );
  }
}
