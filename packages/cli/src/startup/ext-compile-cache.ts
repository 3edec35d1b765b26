/**
 * Node's own compile cache for the bundles in ext/ (chalk, ora, conf, jq, ...), switched on when a
 * command first loads one of them: commands that need none of them skip its set-up. It lives in
 * voke's cache directory, not Node's default in the system's shared temporary directory.
 */
import module from "node:module";
import { join } from "node:path";
import type { Env } from "../io/env.ts";
import { codeCacheDir } from "./cache-dir.ts";

let asked = false;

/** Turns the compile cache on, once; a no-op when the cache is off (NODE_DISABLE_COMPILE_CACHE). */
export function enableExtCompileCache(env: Env = process.env): void {
  if (asked) return;
  asked = true;
  const dir = codeCacheDir(env);
  // Older Node has no compile cache: the bundles then compile as they load, only slower.
  if (dir !== undefined) module.enableCompileCache?.(join(dir, "node"));
}
