/**
 * Runs a program on a real pseudo-terminal of a given size, through util-linux `script` (no native
 * addon): what a person in an 80- or 120-column terminal sees, byte for byte.
 */

import { spawn } from "node:child_process";

export interface PtyResult {
  code: number | null;
  /** Everything the terminal received (the program's stdout and stderr, and any echo), `\r\n` as `\n`. */
  screen: string;
}

export interface PtyOptions {
  columns: number;
  env: Record<string, string>;
  /**
   * Typed into the terminal once the screen shows `after` (a prompt), as a person would: written
   * before the program reads, the terminal itself would echo it.
   */
  type?: { after: string; text: string };
  timeoutMs?: number;
}

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** Runs `argv` in a pseudo-terminal `columns` wide and returns what was shown. */
export function runInPty(argv: readonly string[], options: PtyOptions): Promise<PtyResult> {
  const command = `stty cols ${options.columns} rows 50; exec ${argv.map(quote).join(" ")}`;
  const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  let typed = false;
  child.stdin.on("error", () => {}); // the program may be gone before we type
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    screen += chunk;
    if (options.type && !typed && screen.includes(options.type.after)) {
      typed = true;
      child.stdin.write(options.type.text);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    screen += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
  return new Promise((resolve) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, screen: screen.replaceAll("\r\n", "\n") });
    });
  });
}

/** Removes the colour (SGR) sequences voke itself writes; anything else that remains was not meant. */
export function withoutColour(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences start with ESC
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
