/**
 * `voke tokens create --name N --role R [--expires-in 90d | --expires-at TIME] (--token-file FILE | --stdout)`:
 * the secret exists only in this reply, so it is written alone (no newline) to FILE with mode 0600, or
 * printed with the token when `--stdout` asks for it.
 */

import { writeSecretFile } from "../../config/secret-file.ts";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { checkOneDestination, checkSecretTarget } from "../provision/secret-output.ts";
import { TOKEN_COLUMNS } from "./columns.ts";
import type { createInput } from "./index.ts";

export type Options = OptionsOf<typeof createInput>;

export async function run(
  opts: Options,
  deps: CommandDeps,
  now: () => Date = () => new Date(),
): Promise<void> {
  checkOneDestination(opts.tokenFile, opts.stdout, "--token-file");
  if (opts.tokenFile === undefined && !opts.stdout) {
    throw new UsageError("pass --token-file FILE to save the new token (mode 0600), or --stdout to print it");
  }
  // Checked before creating: a token whose secret cannot be saved would be lost at once.
  const file = opts.tokenFile === undefined ? undefined : await checkSecretTarget(opts.tokenFile, opts.force);
  const lifetime = opts.expiresIn;
  const expiresAt =
    lifetime !== undefined
      ? new Date(now().getTime() + lifetime).toISOString()
      : opts.expiresAt === undefined
        ? undefined
        : new Date(opts.expiresAt).toISOString();
  const client = await deps.client();
  const { token, ...created } = await client.tokens.create({
    name: opts.name,
    role: opts.role,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
  if (file === undefined) {
    await deps.printer.item({ ...created, token }, { columns: [...TOKEN_COLUMNS, "token"] });
    deps.io.success(`Created API token ${created.id}; its secret is shown this once — store it now`);
    return;
  }
  await writeSecretFile(file, token, { force: opts.force });
  await deps.printer.item({ ...created, file }, { columns: [...TOKEN_COLUMNS, "file"] });
  deps.io.success(`Created API token ${created.id}; its secret is in ${file} (mode 0600), nowhere else`);
}
