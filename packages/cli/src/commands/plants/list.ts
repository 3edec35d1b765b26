/** `voke plants list`: one page of plants, or every page with `--all` (streamed in json and ndjson). */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { listInput } from "./index.ts";
import { PLANT_COLUMNS } from "./views.ts";

export type Options = OptionsOf<typeof listInput>;

/** `--all` walks pages of this size unless `--limit` says otherwise: fewer round trips. */
const ALL_PAGE_SIZE = 100;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const filter = opts.authMethod === undefined ? {} : { authMethod: opts.authMethod };
  const shape = { columns: PLANT_COLUMNS, emptyMessage: "No plants." };
  if (opts.all) {
    await deps.printer.list(client.plants.iterate({ ...filter, limit: opts.limit ?? ALL_PAGE_SIZE }), shape);
    return;
  }
  const page = await client.plants.list({
    ...filter,
    ...(opts.page === undefined ? {} : { page: opts.page }),
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
  });
  await deps.printer.list(page.data, shape);
  const { meta } = page;
  if (deps.io.stdoutIsTTY && meta.page < meta.totalPages) {
    deps.io.info(
      `Page ${meta.page} of ${meta.totalPages} (${meta.total} plants): see more with --page ${meta.page + 1} or --all`,
    );
  }
}
