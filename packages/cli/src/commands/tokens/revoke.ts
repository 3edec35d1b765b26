/** `voke tokens revoke ID [--yes]`: asks first on a terminal; without one, --yes is required. */

import { ExitCode, ExitError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { confirm } from "../../io/prompt.ts";
import { TOKEN_COLUMNS } from "./columns.ts";
import type { revokeInput } from "./index.ts";

export type Options = OptionsOf<typeof revokeInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  if (
    !opts.yes &&
    !(await confirm(deps.io, `Revoke API token ${opts.id}? It stops working at once.`, "--yes"))
  ) {
    throw new ExitError(ExitCode.error, "cancelled: the API token was not revoked", { code: "CANCELLED" });
  }
  const client = await deps.client();
  const revoked = await client.tokens.revoke(opts.id);
  await deps.printer.item(revoked, { columns: TOKEN_COLUMNS });
  deps.io.success(`Revoked API token ${revoked.id}`);
}
