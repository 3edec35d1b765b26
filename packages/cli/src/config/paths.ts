/** Where `voke` keeps its configuration: `VOKE_CONFIG_DIR`, else the platform's config directory. */

import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Env } from "../io/env.ts";

export const CONFIG_FILE_NAME = "config.json";

export interface PlatformInfo {
  platform: NodeJS.Platform;
  homedir: string;
}

/** `VOKE_CONFIG_DIR` > `$XDG_CONFIG_HOME/voke` > the platform default (`~/.config/voke` on Linux). */
export function configDir(
  env: Env,
  host: PlatformInfo = { platform: process.platform, homedir: homedir() },
): string {
  if (env.VOKE_CONFIG_DIR) return resolve(env.VOKE_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "voke");
  if (host.platform === "darwin") return join(host.homedir, "Library", "Preferences", "voke");
  if (host.platform === "win32") return join(env.APPDATA ?? join(host.homedir, "AppData", "Roaming"), "voke");
  return join(host.homedir, ".config", "voke");
}
