/**
 * The broker's open MQTT sessions: which aedes client speaks for which plant. A plant may hold several at once
 * (client ids `<plantId>` and `<plantId>:<suffix>`, docs/protocol.md), so every one of them is tracked, from the
 * moment its CONNECT is accepted until its connection closes, and all of them can be closed together.
 */
import type { PlantTopics } from "@voke/protocol";
import type { Client } from "aedes";
import type { AuthMethod } from "../storage/plants.ts";

export interface Session {
  readonly plantId: string;
  readonly organizationId: string;
  readonly authMethod: AuthMethod;
  readonly topics: PlantTopics;
  readonly client: Client;
  /** TOKEN plants: when the JWT expires and the session must end (ms since the epoch). */
  readonly tokenExpiresAt: number | undefined;
  /** MTLS plants: the serial of the certificate the session was opened with (lowercase hex). */
  readonly certificateSerialNumber: string | undefined;
  /** Whether the plant is subscribed to its commands topic, so commands may be published to it. */
  commandsSubscribed: boolean;
  /** Set once its CONNACK went out (aedes `clientReady`). */
  live: boolean;
  expiryTimer: NodeJS.Timeout | undefined;
}

export interface SessionRegistry {
  /** Remembers the session of a client that passed authentication; it ends by itself when its connection closes. */
  attach(session: Session): void;
  /** The session of an authenticated client. */
  of(client: Client): Session | undefined;
  /** Marks the session live (once its CONNACK went out). */
  goLive(session: Session): void;
  /** Ends the session (idempotent); when it was the plant's last live one, `onPlantOffline` is called. */
  end(session: Session): void;
  /** Every session of the plant, live or still connecting. */
  ofPlant(plantId: string): readonly Session[];
  /** How many sessions the plant holds other than one with `clientId` (which a new CONNECT would take over). */
  countOthers(plantId: string, clientId: string): number;
  /** The live session that listens to the plant's commands, if any. */
  commandListener(plantId: string): Session | undefined;
  isOnline(plantId: string): boolean;
  allLive(): Iterable<Session>;
}

/**
 * @example const sessions = createSessionRegistry({ onPlantOffline: (plantId) => presence.disconnected(plantId) });
 */
export function createSessionRegistry(deps: { onPlantOffline: (plantId: string) => void }): SessionRegistry {
  const byClient = new WeakMap<Client, Session>();
  const byPlant = new Map<string, Set<Session>>();

  const end = (session: Session): void => {
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    session.expiryTimer = undefined;
    const sessions = byPlant.get(session.plantId);
    if (!sessions?.delete(session)) return;
    if (sessions.size === 0) byPlant.delete(session.plantId);
    const wasLive = session.live;
    session.live = false;
    if (!wasLive) return;
    for (const other of sessions) if (other.live) return;
    deps.onPlantOffline(session.plantId);
  };

  return {
    attach(session) {
      byClient.set(session.client, session);
      let sessions = byPlant.get(session.plantId);
      if (!sessions) {
        sessions = new Set();
        byPlant.set(session.plantId, sessions);
      }
      sessions.add(session);
      session.client.conn.once("close", () => end(session));
    },
    of: (client) => byClient.get(client),
    goLive(session) {
      session.live = true;
    },
    end,
    ofPlant: (plantId) => [...(byPlant.get(plantId) ?? [])],
    countOthers(plantId, clientId) {
      let count = 0;
      for (const session of byPlant.get(plantId) ?? []) if (session.client.id !== clientId) count++;
      return count;
    },
    commandListener(plantId) {
      for (const session of byPlant.get(plantId) ?? []) {
        if (session.live && session.commandsSubscribed && !session.client.closed) return session;
      }
      return undefined;
    },
    isOnline(plantId) {
      for (const session of byPlant.get(plantId) ?? []) if (session.live) return true;
      return false;
    },
    *allLive() {
      for (const sessions of byPlant.values()) {
        for (const session of sessions) if (session.live) yield session;
      }
    },
  };
}
