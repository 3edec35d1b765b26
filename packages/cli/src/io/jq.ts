/**
 * `--jq EXPR`, as in gh: the command's JSON goes through a real jq (jq-wasm: jq itself compiled to
 * WebAssembly), loaded only when the flag is given. Strings come out raw, like `jq -r`.
 */

import { ExitCode, ExitError, UsageError } from "../errors.ts";

/** The output of `jq -r EXPR` over `json`, newline terminated; a bad expression is a usage error. */
export async function runJq(json: string, expression: string): Promise<string> {
  const { raw } = await import("jq-wasm");
  try {
    const output = await raw(json, expression, ["-r"]);
    return output === "" ? "" : `${output.replace(/\n$/, "")}\n`;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /^Failed to execute raw query: /,
      "",
    );
    const oneLine = message.replace(/\s+/g, " ").trim();
    if (/compile error/.test(message)) throw new UsageError(`invalid --jq expression: ${oneLine}`);
    throw new ExitError(ExitCode.error, `--jq: ${oneLine}`, { code: "JQ_ERROR" });
  }
}
