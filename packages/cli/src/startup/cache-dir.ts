/** Where the bundled `voke` keeps its code cache: a per-user cache directory, or none at all. */

import { homedir } from "node:os";
import { join } from "node:path";
import type { PlatformInfo } from "../config/paths.ts";
import type { Env } from "../io/env.ts";

/**
 * `$XDG_CACHE_HOME/voke` > the platform's cache directory (`~/.cache/voke` on Linux,
 * `~/Library/Caches/voke` on macOS, `%LOCALAPPDATA%\voke\Cache` on Windows). Undefined when
 * `NODE_DISABLE_COMPILE_CACHE` is set: the switch that turns Node's own compile cache off turns
 * this one off too.
 */
export function codeCacheDir(
  env: Env,
  host: PlatformInfo = { platform: process.platform, homedir: homedir() },
): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "voke");
  if (host.platform === "darwin") return join(host.homedir, "Library", "Caches", "voke");
  if (host.platform === "win32") {
    return join(env.LOCALAPPDATA ?? join(host.homedir, "AppData", "Local"), "voke", "Cache");
  }
  return join(host.homedir, ".cache", "voke");
}
