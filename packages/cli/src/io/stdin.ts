/** Reads secrets and input piped on stdin (never from argv, where other users can see them). */

import type { InputStream } from "./streams.ts";

/** Reads stdin up to its end, or up to the first newline when `firstLine` (a person typing). */
export async function readStdin(stdin: InputStream, options: { firstLine?: boolean } = {}): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (options.firstLine && text.includes("\n")) break;
  }
  return options.firstLine ? (text.split("\n")[0] ?? "") : text;
}
