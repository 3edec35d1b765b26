/** `voke login --with-token`: read a token from stdin, check it with the API, save it in the profile. */

import * as z from "zod/mini";
import { checkApiUrl } from "../../config/resolve.ts";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { withSpinner } from "../../io/spinner.ts";
import { readStdin } from "../../io/stdin.ts";

export const flags = z.object({
  url: z.optional(z.string()),
  withToken: z._default(z.boolean(), false),
});

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const { io } = deps;
  if (!opts.withToken) {
    throw new UsageError(
      "pass the token on stdin with --with-token, e.g. `voke login --with-token < token.txt` (tokens are never read from arguments)",
    );
  }
  const apiUrl = opts.url === undefined ? deps.config.apiUrl.value : checkApiUrl(opts.url, "--url");
  if (io.stdinIsTTY) io.info("Paste the API token and press Enter:");
  const token = (await readStdin(io.stdin, { firstLine: io.stdinIsTTY })).trim();
  if (token === "")
    throw new UsageError("no token on stdin: pipe it in, e.g. `voke login --with-token < token.txt`");
  if (/\s/.test(token)) throw new UsageError("the token on stdin must be one line without spaces");

  const client = await deps.clientFor({ apiUrl, token });
  await withSpinner(io, `Checking the token with ${apiUrl}`, () => client.templates.list());

  const profile = deps.config.profile.value;
  await deps.profiles.update(profile, { apiUrl, token });
  io.success(`Logged in to ${apiUrl} (profile "${profile}", saved in ${deps.profiles.path})`);
  if (deps.env.VOKE_TOKEN) io.warn("VOKE_TOKEN is set and overrides the saved token until you unset it");
}
