/** `--payload`: a JSON object given inline, from a file (`@cmd.json`) or from stdin (`@-`). */

import { readFile } from "node:fs/promises";
import { UsageError } from "../../errors.ts";
import { readStdin } from "../../io/stdin.ts";
import type { InputStream } from "../../io/streams.ts";

function invalid(message: string): UsageError {
  return new UsageError(`invalid value for --payload: ${message}`);
}

async function readSource(text: string, stdin: InputStream): Promise<{ json: string; from: string }> {
  if (!text.startsWith("@")) return { json: text, from: "it" };
  const path = text.slice(1);
  if (path === "") throw invalid('"@" needs a file name, e.g. --payload @command.json (or @- for stdin)');
  if (path === "-") return { json: await readStdin(stdin), from: "stdin" };
  try {
    return { json: await readFile(path, "utf8"), from: path };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? error);
    throw invalid(`cannot read ${path}: ${why}`);
  }
}

/**
 * Reads the payload flag into the object to send.
 *
 * ```ts
 * await readPayload('{"maxPowerKw": 5}', io.stdin) // → {maxPowerKw: 5}
 * await readPayload("@limits.json", io.stdin)      // the file's JSON object
 * ```
 */
export async function readPayload(text: string, stdin: InputStream): Promise<Record<string, unknown>> {
  const { json, from } = await readSource(text, stdin);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw invalid(`${from === "it" ? "it" : from} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${from === "it" ? "it" : from} must hold a JSON object, e.g. '{"maxPowerKw": 5}'`);
  }
  return value as Record<string, unknown>;
}
