/** `voke config set KEY VALUE`: store a checked value in the profile (file mode 0600). */

import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { setInput } from "./index.ts";
import { type WritableSetting, writableSettings } from "./settings.ts";

const keys = Object.keys(writableSettings) as WritableSetting[];

export type Options = OptionsOf<typeof setInput>;

const ENV_OF: Record<WritableSetting, string> = { "api-url": "VOKE_API_URL", output: "VOKE_OUTPUT" };

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  if (opts.key === "token") {
    throw new UsageError(
      "the token is not set here (it would show in your shell history): use `voke login --with-token`",
    );
  }
  if (!Object.hasOwn(writableSettings, opts.key)) {
    throw new UsageError(
      `invalid value for <key>: unknown setting "${opts.key}" (settable: ${keys.join(", ")})`,
    );
  }
  const key = opts.key as WritableSetting;
  const setting = writableSettings[key];
  const value = setting.check(opts.value);
  const profile = deps.config.profile.value;
  await deps.profiles.update(profile, { [setting.field]: value });
  deps.io.success(`Set ${key} to ${value} in profile "${profile}"`);
  if (deps.env[ENV_OF[key]]) deps.io.warn(`${ENV_OF[key]} is set and overrides this value`);
}
