/**
 * The Node version check every entry point runs first, so an old Node gets one line naming the
 * minimum instead of a stack trace from whatever fails first (node:sqlite, .ts files, undici).
 */

/** The minimum in an `engines.node` range of the form `>=X.Y.Z`. */
export function minimumOf(range: string): [number, number, number] {
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`engines.node must read ">=X.Y.Z", not "${range}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * `undefined` when `version` (`v22.19.0` or `22.19.0`) satisfies `range`, else the line to print:
 * `voke needs Node >= 22.19.0; this is Node v20.19.5. Install a newer Node (https://nodejs.org).`
 */
export function nodeVersionProblem(program: string, version: string, range: string): string | undefined {
  const minimum = minimumOf(range);
  const current = version.replace(/^v/, "").split(".").map(Number);
  for (let index = 0; index < 3; index++) {
    const have = current[index] ?? 0;
    const need = minimum[index] ?? 0;
    if (have > need) return undefined;
    if (have < need) {
      return `${program} needs Node >= ${minimum.join(".")}; this is Node v${current.join(".")}. Install a newer Node (https://nodejs.org).`;
    }
  }
  return undefined;
}
