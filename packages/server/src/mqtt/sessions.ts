/** The broker's open MQTT sessions: which aedes client speaks for which plant, and which one is live per plant. */
import type { Client } from "aedes";
import type { AuthMethod } from "../storage/plants.ts";
import type { PlantTopics } from "./topics.ts";

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
  expiryTimer: NodeJS.Timeout | undefined;
}

export interface SessionRegistry {
  /** Remembers the session of a client that passed authentication. */
  attach(session: Session): void;
  /** The session of an authenticated client. */
  of(client: Client): Session | undefined;
  /** Makes the session the plant's live one (once its CONNACK went out). */
  goLive(session: Session): void;
  /** Ends the session; true when it was the plant's live one (a takeover by a newer session returns false). */
  end(session: Session): boolean;
  live(plantId: string): Session | undefined;
  allLive(): IterableIterator<Session>;
}

export function createSessionRegistry(): SessionRegistry {
  const byClient = new WeakMap<Client, Session>();
  const live = new Map<string, Session>();
  return {
    attach: (session) => {
      byClient.set(session.client, session);
    },
    of: (client) => byClient.get(client),
    goLive: (session) => {
      live.set(session.plantId, session);
    },
    end(session) {
      if (session.expiryTimer) clearTimeout(session.expiryTimer);
      session.expiryTimer = undefined;
      if (live.get(session.plantId) !== session) return false;
      live.delete(session.plantId);
      return true;
    },
    live: (plantId) => live.get(plantId),
    allLive: () => live.values(),
  };
}
