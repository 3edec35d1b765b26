/**
 * `voke login --with-token`: read a token from stdin (at a terminal, a prompt that shows `*`, never
 * the token), check it with the API, save it in the profile.
 */

import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { withSpinner } from "../../io/spinner.ts";
import { readStdin } from "../../io/stdin.ts";
import type { loginInput } from "./index.ts";

export type Options = OptionsOf<typeof loginInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const { io } = deps;
  if (!opts.withToken) {
    throw new UsageError(
      "pass the token on stdin with --with-token, e.g. `voke login --with-token < token.txt` (tokens are never read from arguments)",
    );
  }
  // --api-url (or its alias --url), VOKE_API_URL, the profile's or the default: checked by config.
  const apiUrl = deps.config.apiUrl.value;
  const token = (
    io.stdinIsTTY
      ? await (await import("../../io/secret-prompt.ts")).readSecret(
          io.stdin,
          io.stderr,
          "Paste your API token: ",
        )
      : await readStdin(io.stdin)
  ).trim();
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
