/** `voke logout`: forget the profile's token (its API URL and other settings stay). */

import type { CommandDeps } from "../../factory.ts";

export type Options = Record<string, never>;

export async function run(_opts: Options, deps: CommandDeps): Promise<void> {
  const profile = deps.config.profile.value;
  if (deps.profiles.read(profile).token === undefined) {
    deps.io.info(`No token saved for profile "${profile}"; nothing to do.`);
  } else {
    await deps.profiles.update(profile, { token: undefined });
    deps.io.success(`Removed the token of profile "${profile}"`);
  }
  if (deps.env.VOKE_TOKEN) deps.io.warn("VOKE_TOKEN is still set in the environment and will be used");
}
