/**
 * `voke commands send PLANT CMD [--payload JSON|@file] [--target X] [--wait [--timeout 30s]]`: sends a
 * command; with --wait follows it to the device's answer and exits 0, 8 (device failure) or 7 (timeout).
 */

import type { Command, SendCommandRequest } from "@voke/sdk";
import { ExitCode, ExitError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { startSpinner } from "../../io/spinner.ts";
import { COMMAND_COLUMNS } from "./columns.ts";
import { createCommandLocator } from "./find-command.ts";
import type { sendInput } from "./index.ts";
import { readPayload } from "./payload.ts";
import { systemWaitClock, type WaitClock, waitForCommand } from "./wait-for-command.ts";

const DEFAULT_TIMEOUT_MS = 30_000;

export type Options = OptionsOf<typeof sendInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  await sendCommand(opts, deps, systemWaitClock);
}

/** `run` with the clock passed in (tests wait without waiting). */
export async function sendCommand(opts: Options, deps: CommandDeps, clock: WaitClock): Promise<void> {
  const { io, printer } = deps;
  const body: SendCommandRequest = { command: opts.command };
  if (opts.payload !== undefined) body.payload = await readPayload(opts.payload, io.stdin);
  if (opts.target !== undefined) body.target = opts.target;

  const client = await deps.client();
  const sent = await client.commands.send(opts.plantId, body);
  if (!opts.wait) {
    await printer.item(sent, { columns: COMMAND_COLUMNS });
    io.success(`Command ${sent.id} (${sent.command}) is ${sent.status}`);
    return;
  }

  const timeoutMs = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const label = (command: Command, elapsedMs: number) =>
    `Waiting for the plant to answer ${command.command}: ${command.status} (${Math.round(elapsedMs / 1000)}s)`;
  const spinner = await startSpinner(io, label(sent, 0));
  const locator = createCommandLocator(client.commands, opts.plantId, sent.id);
  let result: Awaited<ReturnType<typeof waitForCommand>>;
  try {
    result = await waitForCommand({
      initial: sent,
      poll: () => locator.find(),
      timeoutMs,
      clock,
      onPoll: (command, elapsedMs) => spinner.update(label(command, elapsedMs)),
    });
  } catch (error) {
    spinner.stop();
    throw error;
  }
  const { command } = result;
  if (command.status === "SUCCEEDED") spinner.succeed(`The plant answered ${command.responseStatus ?? "OK"}`);
  else spinner.fail(`Command ${command.status}`);

  await printer.item(command, { columns: COMMAND_COLUMNS });
  const failure = outcomeError(command, result.settled, timeoutMs);
  if (failure) throw failure;
}

/** The exit for a command's final (or last seen) state: none when it succeeded. */
function outcomeError(command: Command, settled: boolean, timeoutMs: number): ExitError | undefined {
  const which = `command ${command.id} (${command.command})`;
  if (!settled) {
    return new ExitError(
      ExitCode.timedOut,
      `no answer within ${formatDuration(timeoutMs)}: ${which} is still ${command.status}; ` +
        `see it later with \`voke commands list ${command.plantId}\``,
      { code: "WAIT_TIMEOUT" },
    );
  }
  switch (command.status) {
    case "SUCCEEDED":
      return undefined;
    case "FAILED":
      return new ExitError(
        ExitCode.partial,
        `the plant answered ${command.responseStatus ?? "a failure"} to ${which}`,
        {
          code: "COMMAND_FAILED",
        },
      );
    case "TIMED_OUT":
      return new ExitError(ExitCode.timedOut, `the plant did not acknowledge ${which} in time (TIMED_OUT)`, {
        code: "COMMAND_TIMED_OUT",
      });
    default:
      return new ExitError(ExitCode.timedOut, `${which} expired before the plant connected (EXPIRED)`, {
        code: "COMMAND_EXPIRED",
      });
  }
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
