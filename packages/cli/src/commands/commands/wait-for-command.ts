/** Polls a command with growing pauses (200 ms doubling to 2 s) until the device answered or time runs out. */

import type { Command, CommandStatus } from "@voke/sdk";

/** States a command never leaves. */
export const FINAL_STATUSES: ReadonlySet<CommandStatus> = new Set([
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "EXPIRED",
]);

export interface WaitClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemWaitClock: WaitClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitParams {
  /** The command as `send` returned it. */
  initial: Command;
  /** Reads the command's current state. */
  poll(): Promise<Command>;
  timeoutMs: number;
  clock: WaitClock;
  /** Called after every poll, e.g. to update a spinner. */
  onPoll?(command: Command, elapsedMs: number): void;
  /** First pause and the largest one, in ms (default 200 and 2000). */
  pauseMs?: { first: number; max: number };
}

export interface WaitResult {
  /** The last state seen. */
  command: Command;
  /** False when `timeoutMs` passed before the command reached a final state. */
  settled: boolean;
}

export async function waitForCommand(params: WaitParams): Promise<WaitResult> {
  const { clock, timeoutMs } = params;
  const { first, max } = params.pauseMs ?? { first: 200, max: 2000 };
  const start = clock.now();
  let command = params.initial;
  let pause = first;
  while (!FINAL_STATUSES.has(command.status)) {
    const remaining = start + timeoutMs - clock.now();
    if (remaining <= 0) return { command, settled: false };
    // The last pause ends at the deadline, so the answer is looked for once more right then.
    await clock.sleep(Math.min(pause, remaining));
    command = await params.poll();
    params.onPoll?.(command, clock.now() - start);
    pause = Math.min(pause * 2, max);
  }
  return { command, settled: true };
}
