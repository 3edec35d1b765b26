/**
 * Delivers commands from the durable queue (the commands table) to plants that are subscribed to their
 * commands topic, signed with the plant's current secret; the state changes themselves (sent, acked, timed out,
 * expired) are the command delivery service's.
 */
import { randomUUID } from "node:crypto";
import { encodeEnvelope, signEnvelope } from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { AckOutcome, CommandDelivery, PlantAck } from "../services/command-delivery.ts";
import type { CommandRecord } from "../storage/commands.ts";
import type { PlantSecrets } from "./plant-secrets.ts";
import type { Session, SessionRegistry } from "./sessions.ts";

export type { AckOutcome };

export interface CommandDispatcher {
  /** Publishes every queued command of the session's plant, oldest first, if it listens to its commands topic. */
  deliverQueued(session: Session): void;
  /** A command was stored for `plantId`: deliver it now when the plant is online and subscribed. */
  commandQueued(plantId: string): void;
  acknowledge(session: Session, ack: PlantAck): AckOutcome;
  /** SENT too long without an ack → TIMED_OUT; QUEUED past expiresAt → EXPIRED. */
  sweep(): { timedOut: number; expired: number };
}

export function createCommandDispatcher(deps: {
  /** The command lifecycle rules (services/command-delivery.ts). */
  commands: CommandDelivery;
  sessions: SessionRegistry;
  secrets: PlantSecrets;
  clock: Clock;
  logger: Logger;
}): CommandDispatcher {
  const { commands, sessions, secrets, clock, logger } = deps;

  const publish = (session: Session, command: CommandRecord, secret: string, sentAt: string) => {
    const payload = signedPayload(session.plantId, secret, {
      ts: sentAt,
      nonce: randomUUID(),
      cmdId: command.cmdId,
      command: command.command,
      payload: command.payload,
      target: command.target,
      expiresAt: command.expiresAt,
    });
    session.client.publish(
      {
        cmd: "publish",
        topic: session.topics.commands,
        payload: Buffer.from(payload),
        qos: 1,
        dup: false,
        retain: false,
      },
      (error) => {
        if (!error) return;
        // The session ended before the message was written: back to the queue for the next session.
        commands.requeue(command.id);
        logger.debug("command publish failed; requeued", {
          plantId: session.plantId,
          cmdId: command.cmdId,
          error,
        });
      },
    );
  };

  const deliverQueued = (session: Session) => {
    if (!session.commandsSubscribed || session.client.closed) return;
    const now = clock.now().toISOString();
    const queued = commands.queuedFor(session.plantId, now);
    if (queued.length === 0) return;
    const secret = secrets.current(session.plantId);
    if (secret === undefined) {
      logger.warn("plant has no secret to sign commands with", { plantId: session.plantId });
      return;
    }
    for (const command of queued) {
      // Marked SENT before publishing, synchronously, so two deliveries can never send one command twice.
      if (commands.markSent(command.id, now)) publish(session, command, secret, now);
    }
  };

  return {
    deliverQueued,
    commandQueued(plantId) {
      const session = sessions.commandListener(plantId);
      if (session) deliverQueued(session);
    },
    acknowledge: (session, ack) => commands.acknowledge(session.plantId, ack),
    sweep: () => commands.sweep(),
  };
}

function signedPayload(plantId: string, secret: string, body: object): string {
  return encodeEnvelope(signEnvelope(plantId, secret, body));
}
