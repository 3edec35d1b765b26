/**
 * Follows each session's life on the aedes events: live and ONLINE once ready (queued commands go out),
 * OFFLINE when it ends, commands delivered on subscribe, and TOKEN sessions closed when their JWT expires.
 */
import type { Aedes, Client } from "aedes";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { CommandDispatcher } from "./command-dispatcher.ts";
import type { Presence } from "./presence.ts";
import type { Session, SessionRegistry } from "./sessions.ts";

/** setTimeout's longest delay; a later expiry is caught by the sweeper instead. */
const MAX_TIMER_MS = 2_147_483_647;

export interface SessionEvents {
  /** Closes the session if its token has expired by the clock; the sweeper calls it for every live session. */
  closeIfExpired(session: Session): void;
}

export function followSessions(
  aedes: Aedes,
  deps: {
    sessions: SessionRegistry;
    presence: Presence;
    commands: CommandDispatcher;
    clock: Clock;
    logger: Logger;
  },
): SessionEvents {
  const { sessions, presence, commands, clock, logger } = deps;

  const closeIfExpired = (session: Session) => {
    if (session.tokenExpiresAt === undefined || session.tokenExpiresAt > clock.now().getTime()) return;
    logger.info("mqtt token expired; closing the session", { plantId: session.plantId });
    session.client.close();
  };

  aedes.on("clientReady", (client: Client) => {
    const session = sessions.of(client);
    if (!session) return client.close();
    sessions.goLive(session);
    // False when the plant was suspended or revoked between its CONNECT and now.
    if (!presence.connected(session.plantId)) return client.close();
    logger.info("plant connected", { plantId: session.plantId, authMethod: session.authMethod });
    if (session.tokenExpiresAt !== undefined) {
      const delay = Math.max(0, session.tokenExpiresAt - clock.now().getTime());
      session.expiryTimer = setTimeout(() => closeIfExpired(session), Math.min(delay, MAX_TIMER_MS));
      session.expiryTimer.unref();
    }
    commands.deliverQueued(session);
  });

  aedes.on("clientDisconnect", (client: Client) => {
    const session = sessions.of(client);
    if (!session) return;
    // The plant stays ONLINE while another of its sessions is live (see SessionRegistry.end).
    sessions.end(session);
    logger.info("plant disconnected", { plantId: session.plantId });
  });

  aedes.on("subscribe", (subscriptions, client: Client) => {
    const session = sessions.of(client);
    const granted = subscriptions.some(
      (entry) => entry.topic === session?.topics.commands && (entry.qos as number) !== 128,
    );
    if (!session || !granted) return;
    session.commandsSubscribed = true;
    commands.deliverQueued(session);
  });

  aedes.on("unsubscribe", (topics, client: Client) => {
    const session = sessions.of(client);
    if (session && topics.includes(session.topics.commands)) session.commandsSubscribed = false;
  });

  aedes.on("clientError", (client: Client, error: Error) => {
    logger.debug("mqtt client error", { plantId: sessions.of(client)?.plantId, error });
  });
  aedes.on("connectionError", (_client: Client, error: Error) => {
    logger.debug("mqtt connection error", { error });
  });

  return { closeIfExpired };
}
