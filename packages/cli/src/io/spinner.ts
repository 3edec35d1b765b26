/** A spinner on stderr while something slow runs; silent when stderr is not a terminal or under CI. */

import type { IOStreams } from "./streams.ts";

export interface Spinner {
  /** Replaces the spinner's text. */
  update(text: string): void;
  /** Stops with `✓ text` (or nothing when not animated and no text is given). */
  succeed(text?: string): void;
  /** Stops with `✗ text`. */
  fail(text?: string): void;
  /** Stops and clears the line. */
  stop(): void;
}

const quiet: Spinner = { update() {}, succeed() {}, fail() {}, stop() {} };

/** Starts a spinner; ora is loaded only when it will actually draw. */
export async function startSpinner(io: IOStreams, text: string): Promise<Spinner> {
  if (!io.animate) return quiet;
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream: io.stderr, isEnabled: true, discardStdin: false }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    succeed: (done) => void spinner.succeed(done),
    fail: (failed) => void spinner.fail(failed),
    stop: () => void spinner.stop(),
  };
}

/** Runs `work` with a spinner showing `text`, stopping it however `work` ends. */
export async function withSpinner<T>(io: IOStreams, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = await startSpinner(io, text);
  try {
    const result = await work();
    spinner.stop();
    return result;
  } catch (error) {
    spinner.stop();
    throw error;
  }
}
