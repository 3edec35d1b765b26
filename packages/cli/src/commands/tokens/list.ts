/** `voke tokens list [--page N --limit N | --all]`: the organization's API tokens, never their secrets. */

import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { TOKEN_COLUMNS } from "./columns.ts";
import type { listInput } from "./index.ts";

export type Options = OptionsOf<typeof listInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const shape = { columns: TOKEN_COLUMNS, emptyMessage: "No API tokens." };
  if (opts.all) {
    await deps.printer.list(client.tokens.iterate({ limit: opts.limit ?? 100 }), shape);
    return;
  }
  const page = await client.tokens.list({ page: opts.page ?? 1, limit: opts.limit ?? 20 });
  await deps.printer.list(page.data, shape);
  const { meta } = page;
  if (deps.io.stderrIsTTY && meta.page < meta.totalPages) {
    deps.io.info(
      `Page ${meta.page} of ${meta.totalPages} (${meta.total} tokens): --page ${meta.page + 1} or --all for more`,
    );
  }
}
