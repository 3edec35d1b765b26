/**
 * How the built `voke.js` starts the CLI: it runs the CommonJS core bundled beside it through the
 * code cache, and saves the cache when the process exits.
 */

import type { Env } from "../io/env.ts";
import type * as Main from "../main.ts";
import { codeCacheDir } from "./cache-dir.ts";
import { runCachedScript } from "./code-cache.ts";

/**
 * What the cache calls a run's command: its first words before any flag (`plants list`), at most
 * two, and whether stdout is a terminal (`plants list on a terminal`): a table drawn for a person
 * runs other code than JSON for a pipe, and each is worth its place in the cache.
 */
export function commandKey(argv: readonly string[], terminal = false): string {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith("-") || words.length === 2) break;
    words.push(arg);
  }
  return `${words.join(" ")}${terminal ? " on a terminal" : ""}`;
}

export interface BundledCoreParams {
  /** Absolute path of the core bundle (`core-<hash>.cjs`), beside voke.js. */
  core: string;
  argv: readonly string[];
  env: Env;
  /** stdout is a terminal. */
  terminal: boolean;
  /** Called once with the function that saves the cache; voke.js runs it when the process exits. */
  onExit: (save: () => void) => void;
}

/** Loads the core and returns what `src/main.ts` exports. */
export function loadBundledCore(params: BundledCoreParams): typeof Main {
  const script = runCachedScript({
    file: params.core,
    cacheDir: codeCacheDir(params.env),
    command: commandKey(params.argv, params.terminal),
  });
  params.onExit(() => script.save());
  return script.exports as typeof Main;
}
