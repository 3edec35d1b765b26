/** `voke auth status`: each setting in force, where it came from, and which variables hide the profile. */

import { maskToken } from "../../config/resolve.ts";
import { ExitCode, ExitError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";

export type Options = Record<string, never>;

export async function run(_opts: Options, deps: CommandDeps): Promise<void> {
  const { config, io } = deps;
  for (const { setting, variable } of config.overrides) {
    io.warn(`${variable} overrides the ${setting} stored in profile "${config.profile.value}"`);
  }
  const token = config.token.value;
  await deps.printer.list(
    [
      { setting: "profile", value: config.profile.value, source: config.profile.origin },
      { setting: "api-url", value: config.apiUrl.value, source: config.apiUrl.origin },
      { setting: "token", value: token === undefined ? null : maskToken(token), source: config.token.origin },
      { setting: "output", value: config.output.value, source: config.output.origin },
      { setting: "debug", value: config.debug.value, source: config.debug.origin },
      {
        setting: "config-file",
        value: deps.profiles.path,
        source: deps.env.VOKE_CONFIG_DIR ? "VOKE_CONFIG_DIR" : "default",
      },
    ],
    { columns: ["setting", "value", "source"] },
  );
  if (token === undefined) {
    throw new ExitError(ExitCode.auth, "not logged in: run `voke login --with-token` or set VOKE_TOKEN", {
      code: "NOT_LOGGED_IN",
    });
  }
}
