/**
 * The command lifecycle as the broker drives it (DESIGN.md "Commands"): QUEUED → SENT when published, back to
 * QUEUED when the session ends before it is written, SENT → SUCCEEDED / FAILED on the plant's ack, SENT →
 * TIMED_OUT without one, QUEUED → EXPIRED past expiresAt. REST queues commands (services/commands.ts); this is
 * the other half of the same rules, so the broker never changes a command's state in storage itself.
 */
import type { Clock } from "../clock.ts";
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
}): CommandDelivery {
  const { store, clock } = deps;
  const commands = store.commands;
  return {
    queuedFor: (plantId, now) => commands.listQueuedForPlant(plantId, now),
    markSent: (id, at) => commands.markSent(id, at),
    requeue: (id) => {
      commands.requeue(id);
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
      return recorded ? "recorded" : "not-awaiting";
    },
    sweep() {
      const now = clock.now();
      return {
        timedOut: commands.timeOutSentBefore(
          new Date(now.getTime() - deps.ackTimeoutSeconds * 1000).toISOString(),
        ),
        expired: commands.expireQueuedBefore(now.toISOString()),
      };
    },
  };
}
