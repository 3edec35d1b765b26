/**
 * The terminal as commands see it: stdout for data, stderr for messages, stdin, whether each is a
 * TTY, colour per stream, and whether the user can be asked anything.
 */

import { type ColorLevel, colorLevel } from "./colors.ts";
import { type Env, envFlag } from "./env.ts";
import { inertMessage } from "./inert.ts";
import { loadStyles, type Styles } from "./styles.ts";

export interface OutputStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface TerminalStreams {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
}

export interface IOStreams {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** True under a CI system (`CI` set): no spinners, progress bars or prompts. */
  readonly ci: boolean;
  /** Prompts are allowed: stdin and stdout are terminals and this is not CI. */
  readonly canPrompt: boolean;
  /** Spinners and progress bars may draw on stderr. */
  readonly animate: boolean;
  /** Styles for text written to stdout (no-ops when stdout gets no colour). */
  readonly colors: Styles;
  /** Styles for text written to stderr. */
  readonly errColors: Styles;
  readonly stdoutColorLevel: ColorLevel;
  /** Terminal width of stdout, when it is a terminal. */
  readonly columns: number | undefined;
  /** A line for humans on stderr. */
  info(message: string): void;
  /** `✓ message` on stderr, on a terminal only. */
  success(message: string): void;
  /** `warning: message` on stderr. */
  warn(message: string): void;
}

export interface IOOptions {
  env: Env;
  /** `--no-color` was given. */
  noColor?: boolean;
}

/** The terminal's width: what the terminal says, else COLUMNS (as gh reads it), else 80. */
function terminalWidth(stdout: OutputStream, env: Env): number {
  if (stdout.columns && stdout.columns > 0) return stdout.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

/**
 * Wraps the process streams. `VOKE_FORCE_TTY=1` makes all three count as terminals (tests use it
 * to see TTY behaviour through pipes). Async because chalk loads only when colour is on.
 */
export async function createIOStreams(streams: TerminalStreams, options: IOOptions): Promise<IOStreams> {
  const { env } = options;
  const forced = envFlag(env.VOKE_FORCE_TTY);
  const stdoutIsTTY = forced || streams.stdout.isTTY === true;
  const stderrIsTTY = forced || streams.stderr.isTTY === true;
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI !== "false";
  const stdoutColorLevel = colorLevel(stdoutIsTTY, env, options.noColor);
  const colors = await loadStyles(stdoutColorLevel);
  const errColors = await loadStyles(colorLevel(stderrIsTTY, env, options.noColor));
  const stderr = streams.stderr;
  // stdin is looked at only when a command reads or prompts: creating process.stdin costs a few ms.
  const isStdinTTY = () => forced || streams.stdin.isTTY === true;
  return {
    stdout: streams.stdout,
    stderr,
    get stdin() {
      return streams.stdin;
    },
    stdoutIsTTY,
    stderrIsTTY,
    get stdinIsTTY() {
      return isStdinTTY();
    },
    ci,
    get canPrompt() {
      return isStdinTTY() && stdoutIsTTY && !ci;
    },
    animate: stderrIsTTY && !ci,
    colors,
    errColors,
    stdoutColorLevel,
    columns: stdoutIsTTY ? terminalWidth(streams.stdout, env) : undefined,
    // Messages carry server data (names, errors): control characters in it are made visible.
    info: (message) => void stderr.write(`${inertMessage(message)}\n`),
    // A confirmation is for a person: scripts read the exit code and stdout.
    success: (message) => {
      if (stderrIsTTY) stderr.write(`${errColors.green("✓")} ${inertMessage(message)}\n`);
    },
    warn: (message) => void stderr.write(`${errColors.yellow("warning:")} ${inertMessage(message)}\n`),
  };
}
