/**
 * The command lifecycle as the broker drives it (DESIGN.md "Commands"): QUEUED → SENT when published, back to
 * QUEUED when the session ends before it is written, SENT → SUCCEEDED / FAILED on the plant's ack, SENT →
 * TIMED_OUT without one, QUEUED → EXPIRED past expiresAt. REST queues commands (services/commands.ts); this is
 * the other half of the same rules, so the broker never changes a command's state in storage itself.
 */
import type { Clock } from "../clock.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { CommandRecord } from "../storage/commands.ts";
import type { Store } from "../storage/store.ts";

/** What became of an ack: recorded, or ignored because the cmdId is unknown, another plant's, or not awaiting one. */
export type AckOutcome = "recorded" | "unknown" | "foreign" | "not-awaiting";

export interface PlantAck {
  cmdId: string;
  status: "OK" | "ERROR" | "REJECTED";
  response: Record<string, unknown> | null;
}

export interface CommandDelivery {
  /** The plant's commands still to deliver at `now`: QUEUED and not expired, oldest first. */
  queuedFor(plantId: string, now: string): CommandRecord[];
  /** QUEUED → SENT; false when another delivery took it first. */
  markSent(id: string, at: string): boolean;
  /** SENT → QUEUED: the session ended before the command was written. */
  requeue(id: string): void;
  /** Applies the plant's ack to its command. */
  acknowledge(plantId: string, ack: PlantAck): AckOutcome;
  /** SENT too long without an ack → TIMED_OUT; QUEUED past expiresAt → EXPIRED. */
  sweep(): { timedOut: number; expired: number };
}

export function createCommandDelivery(deps: {
  store: Store;
  clock: Clock;
  ackTimeoutSeconds: number;
  /** Where command state changes go (GET /api/v1/events). */
  events?: EventPublisher;
}): CommandDelivery {
  const { store, clock, events } = deps;
  const commands = store.commands;
  const changed = (id: string) => {
    const command = events ? commands.findById(id) : undefined;
    if (command) events?.publish(commandEvent(command));
  };
  return {
    queuedFor: (plantId, now) => commands.listQueuedForPlant(plantId, now),
    markSent: (id, at) => {
      const sent = commands.markSent(id, at);
      if (sent) changed(id);
      return sent;
    },
    requeue: (id) => {
      if (commands.requeue(id)) changed(id);
    },
    acknowledge(plantId, ack) {
      const command = commands.findByCmdId(ack.cmdId);
      if (!command) return "unknown";
      if (command.plantId !== plantId) return "foreign";
      const result = {
        ackedAt: clock.now().toISOString(),
        responseStatus: ack.status,
        response: ack.response,
      };
      const recorded =
        ack.status === "OK"
          ? commands.markSucceeded(command.id, result)
          : commands.markFailed(command.id, result);
      if (!recorded) return "not-awaiting";
      changed(command.id);
      return "recorded";
    },
    sweep() {
      const now = clock.now();
      const sentBefore = new Date(now.getTime() - deps.ackTimeoutSeconds * 1000).toISOString();
      if (events) {
        // The listed forms, so each command's change reaches the event stream.
        const timedOut = commands.timeOutSentBeforeListed(sentBefore);
        const expired = commands.expireQueuedBeforeListed(now.toISOString());
        for (const command of [...timedOut, ...expired]) events.publish(commandEvent(command));
        return { timedOut: timedOut.length, expired: expired.length };
      }
      return {
        timedOut: commands.timeOutSentBefore(
          new Date(now.getTime() - deps.ackTimeoutSeconds * 1000).toISOString(),
        ),
        expired: commands.expireQueuedBefore(now.toISOString()),
      };
    },
  };
}

/** A command's state change as an event (openapi.yaml Event, type command). */
export function commandEvent(command: CommandRecord) {
  return {
    type: "command" as const,
    plantId: command.plantId,
    data: {
      commandId: command.id,
      cmdId: command.cmdId,
      command: command.command,
      status: command.status,
      responseStatus: command.responseStatus,
    },
  };
}
