/** Decides whether, and how richly, a stream gets colour: NO_COLOR, --no-color, FORCE_COLOR, TTY, TERM. */

import type { Env } from "./env.ts";

export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * Colour level for one stream. `--no-color` and a non-empty `NO_COLOR` always win; `FORCE_COLOR`
 * turns colour on even when piped (`0`/`false` turn it off); otherwise only a TTY gets colour.
 */
export function colorLevel(isTTY: boolean, env: Env, noColorFlag = false): ColorLevel {
  if (noColorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2") return 2;
    if (force === "3") return 3;
    return 1;
  }
  if (!isTTY || env.TERM === "dumb") return 0;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return 3;
  if (env.TERM?.includes("256")) return 2;
  return 1;
}
