/** `voke tokens list [--page N --limit N | --all]`: the organization's API tokens, never their secrets. */

import type * as z from "zod/mini";
import type { CommandDeps } from "../../factory.ts";
import { listSchema } from "../../flags/schemas.ts";
import { TOKEN_COLUMNS } from "./columns.ts";

export const flags = listSchema({});

export type Options = z.infer<typeof flags>;

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
