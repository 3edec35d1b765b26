/**
 * Reads a secret typed or pasted at a terminal without echoing it: the terminal is put in raw mode
 * and each character shows as `*`, so a token never appears on screen or in scrollback.
 */

import { ExitCode, ExitError } from "../errors.ts";
import type { InputStream, OutputStream } from "./streams.ts";

/** Terminals in bracketed-paste mode wrap a paste in these markers; they are not part of the secret. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the markers start with ESC
const BRACKETED_PASTE = /\u001b\[20[01]~/g;

interface RawInput extends InputStream {
  setRawMode?(mode: boolean): unknown;
  isRaw?: boolean;
}

/**
 * Asks `prompt` on `output` and reads one line from the terminal `input`, echoing `*` per character.
 * Backspace deletes, Ctrl-U clears, Ctrl-C and Ctrl-D (on an empty line) cancel.
 */
export function readSecret(input: RawInput, output: OutputStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let secret = "";
    const wasRaw = input.isRaw === true;
    input.setRawMode?.(true);
    output.write(prompt);
    const finish = (outcome: () => void) => {
      input.removeListener("data", onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write("\n");
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      const text = (typeof chunk === "string" ? chunk : chunk.toString("utf8")).replace(BRACKETED_PASTE, "");
      for (const char of text) {
        if (char === "\r" || char === "\n") return finish(() => resolve(secret));
        if (char === "\u0003" || (char === "\u0004" && secret === "")) {
          return finish(() => reject(new ExitError(ExitCode.error, "cancelled", { code: "CANCELLED" })));
        }
        if (char === "\u007f" || char === "\b") {
          if (secret.length > 0) {
            secret = secret.slice(0, -1);
            output.write("\b \b");
          }
        } else if (char === "\u0015") {
          output.write("\b \b".repeat(secret.length));
          secret = "";
        } else if (char >= " ") {
          secret += char;
          output.write("*");
        }
      }
    };
    input.on("data", onData);
    input.resume();
  });
}
