/**
 * Turns command messages into handler calls and acks: checks the server's signature, drops what is
 * unsigned or malformed, runs each cmdId once (a redelivered command is acked again with the first
 * outcome, never run twice) and holds commands that arrive before a handler is registered.
 */
import { type EnvelopeRefusal, verifyEnvelope } from "./envelope.ts";
import {
  ACK_STATUSES,
  type AckBody,
  type AckStatus,
  ackBody,
  type MessageStamp,
  type PlantCommand,
  parseCommandBody,
} from "./messages.ts";

/** What a command handler answers; `undefined` means `{status: "OK"}`. */
export interface CommandReply {
  status?: AckStatus;
  response?: Record<string, unknown>;
}

export type CommandHandler = (
  command: PlantCommand,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (even an async one) acks OK
) => CommandReply | undefined | void | Promise<CommandReply | undefined | void>;

/** A command message the device refused to run. */
export interface CommandRejection {
  reason: EnvelopeRefusal | "BAD_COMMAND";
  message: string;
  /** The cmdId, when the body could be read far enough to find one. */
  cmdId?: string;
}

export interface CommandOutcome {
  status: AckStatus;
  response?: Record<string, unknown>;
}

export interface CommandDispatcherDeps {
  plantId: string;
  /** The secret the server signs commands with (the plant's current hmacSecret). */
  secret: string;
  stamp(): MessageStamp;
  publishAck(body: AckBody): Promise<unknown>;
  onRejected(rejection: CommandRejection): void;
  onHandled(command: PlantCommand, outcome: CommandOutcome): void;
  onAckFailed(cmdId: string, error: unknown): void;
  /** How many recent cmdIds to remember for redelivery (default 1000). */
  memory?: number;
}

export interface CommandDispatcher {
  /** Handles one message from the commands topic; resolves once it is acked (or dropped, or held). */
  receive(payload: Uint8Array | string): Promise<void>;
  /** Sets the handler (replacing any previous one) and runs the commands held for it. */
  setHandler(handler: CommandHandler): void;
}

export function createCommandDispatcher(deps: CommandDispatcherDeps): CommandDispatcher {
  const memory = deps.memory ?? 1000;
  const outcomes = new Map<string, Promise<CommandOutcome>>();
  let handler: CommandHandler | undefined;
  let held: Array<{ command: PlantCommand; release: () => void }> = [];

  const ack = async (cmdId: string, outcome: CommandOutcome) => {
    try {
      await deps.publishAck(ackBody(deps.stamp(), cmdId, outcome.status, outcome.response));
    } catch (error) {
      deps.onAckFailed(cmdId, error);
    }
  };

  const run = async (command: PlantCommand) => {
    const outcome = runHandler(handler as CommandHandler, command);
    outcomes.set(command.cmdId, outcome);
    if (outcomes.size > memory) outcomes.delete(outcomes.keys().next().value as string);
    const settled = await outcome;
    deps.onHandled(command, settled);
    await ack(command.cmdId, settled);
  };

  return {
    async receive(payload) {
      const check = verifyEnvelope(deps.plantId, deps.secret, payload);
      if (!check.ok) {
        deps.onRejected({ reason: check.reason, message: check.message });
        return;
      }
      const command = parseCommandBody(check.body);
      if (typeof command === "string") {
        const cmdId = typeof check.body.cmdId === "string" ? check.body.cmdId : undefined;
        deps.onRejected({
          reason: "BAD_COMMAND",
          message: command,
          ...(cmdId === undefined ? {} : { cmdId }),
        });
        return;
      }
      const earlier = outcomes.get(command.cmdId);
      if (earlier !== undefined) {
        // Redelivery (QoS 1 duplicate, or resent after a server restart): answer again, run nothing.
        await ack(command.cmdId, await earlier);
        return;
      }
      if (held.some((entry) => entry.command.cmdId === command.cmdId)) return;
      if (handler === undefined) {
        await new Promise<void>((release) => held.push({ command, release }));
        return;
      }
      await run(command);
    },
    setHandler(next) {
      handler = next;
      const waiting = held;
      held = [];
      for (const entry of waiting) void run(entry.command).then(entry.release);
    },
  };
}

async function runHandler(handler: CommandHandler, command: PlantCommand): Promise<CommandOutcome> {
  let reply: unknown;
  try {
    reply = await handler(command);
  } catch (error) {
    return { status: "ERROR", response: { message: error instanceof Error ? error.message : String(error) } };
  }
  if (reply === undefined || reply === null) return { status: "OK" };
  if (typeof reply !== "object") {
    return handlerMistake("the command handler returned something other than an object");
  }
  const { status = "OK", response } = reply as CommandReply;
  if (!ACK_STATUSES.includes(status)) {
    return handlerMistake(`the command handler returned status ${String(status)}`);
  }
  if (response === undefined) return { status };
  if (typeof response !== "object" || response === null || Array.isArray(response)) {
    return handlerMistake("the command handler returned a response that is not an object");
  }
  return { status, response };
}

function handlerMistake(message: string): CommandOutcome {
  return { status: "ERROR", response: { message } };
}
