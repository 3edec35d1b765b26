/**
 * The aedes hooks that make the broker Voke's: CONNECT checked (MQTT 5 noted, failures throttled and counted),
 * authenticated against the plant and registered as one of its sessions, the ACL on publish and subscribe, and
 * every device publish handed to the inbox.
 */

import type { TLSSocket } from "node:tls";
import { plantIdNamedBy, plantTopics } from "@voke/protocol";
import type { AedesOptions, AuthenticateError, Client } from "aedes";
import type { Logger } from "../logger.ts";
import type { AuthThrottle } from "./auth-throttle.ts";
import type { Authentication, ConnectRequest } from "./authenticate.ts";
import { maySubscribe, publishKind } from "./authorize.ts";
import type { DeviceInbox } from "./device-inbox.ts";
import type { RefusalRecorder } from "./refusals.ts";
import type { SessionRegistry } from "./sessions.ts";

type BrokerHooks = Required<
  Pick<AedesOptions, "preConnect" | "authenticate" | "authorizePublish" | "authorizeSubscribe">
>;

export function createBrokerHooks(deps: {
  authenticate: (request: ConnectRequest) => Promise<Authentication>;
  sessions: SessionRegistry;
  inbox: DeviceInbox;
  refusals: RefusalRecorder;
  throttle: AuthThrottle;
  logger: Logger;
}): BrokerHooks {
  const { sessions, inbox, refusals, throttle, logger } = deps;
  const sourceOf = (client: Client) => (client.conn as TLSSocket).remoteAddress;
  const settleCorked = createCorkedSettler();
  return {
    preConnect(client, packet, done) {
      // Presence is the broker's job and nobody subscribes to device topics: a will would only come back later
      // as a stale device message, so it is dropped.
      packet.will = undefined;
      if ((packet.protocolVersion as number) === 5) {
        // aedes answers CONNACK 1 (unacceptable protocol version); the attempt is counted like any refusal.
        const plantId = plantIdNamedBy(packet.clientId ?? "");
        refusals.authentication(plantId, "MQTT5_UNSUPPORTED", throttle.failed(sourceOf(client), plantId));
      }
      done(null, true);
    },

    authenticate(client, username, password, done) {
      const request = { clientId: client.id, username, password, socket: client.conn as TLSSocket };
      deps.authenticate(request).then(
        (result) => {
          if (!result.ok) {
            const counted = throttle.failed(request.socket.remoteAddress, result.plantId);
            refusals.authentication(result.plantId, result.reason, counted);
            logger.debug("mqtt connection refused", {
              plantId: result.plantId,
              reason: result.reason,
              detail: result.detail,
            });
            const error = new Error(result.detail) as AuthenticateError;
            error.returnCode = result.returnCode;
            return done(error, false);
          }
          const session = {
            plantId: result.plant.id,
            organizationId: result.plant.organizationId,
            authMethod: result.plant.authMethod,
            topics: plantTopics(result.plant.id),
            client,
            tokenExpiresAt: result.tokenExpiresAt?.getTime(),
            certificateSerialNumber: result.certificateSerialNumber,
            commandsSubscribed: false,
            live: false,
            expiryTimer: undefined,
          };
          sessions.attach(session);
          done(null, true);
        },
        (error: unknown) => {
          logger.error("mqtt authentication failed unexpectedly", { error });
          const refusal = new Error("server unavailable") as AuthenticateError;
          refusal.returnCode = 3;
          done(refusal, false);
        },
      );
    },

    authorizePublish(client, packet, done) {
      const session = client ? sessions.of(client) : undefined;
      if (!session) return done(new Error("publish from an unauthenticated client"));
      const kind = publishKind(session.topics, packet.topic);
      if (kind === undefined) {
        refusals.message(session.plantId, "TOPIC_NOT_ALLOWED");
        // MQTT 3.1.1 cannot refuse a single publish: aedes closes the session on this error.
        return done(new Error(`plant may not publish to ${packet.topic}`));
      }
      // Device messages are consumed here; nothing is retained for anyone. aedes sends the PUBACK when `done`
      // is called, so an accepted message calls it only once its row is committed: a PUBACK'd message
      // survives even a SIGKILL, and a failed write closes the session unacknowledged, to be sent again.
      packet.retain = false;
      const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
      inbox.receive(session, kind, payload, packet.dup, (error) =>
        settleCorked(session.client.conn, () => done(error)),
      );
    },

    authorizeSubscribe(client, subscription, done) {
      const session = sessions.of(client);
      if (!session || !maySubscribe(session.topics, subscription.topic)) {
        if (session) refusals.message(session.plantId, "SUBSCRIPTION_NOT_ALLOWED");
        return done(null, null); // granted 0x80
      }
      // A persistent session's subscription is restored while still connecting; its queue follows once ready.
      if (client.connecting) session.commandsSubscribed = true;
      done(null, subscription);
    },
  };
}

/**
 * `settleCorked(connection, settle)` runs `settle` (which makes aedes write the PUBACK) with the connection corked
 * until the end of this tick: a write batch settles many messages at once, and a client's PUBACKs then leave in
 * one TLS record and one write. Each connection is corked once per tick, and one callback uncorks them all.
 */
function createCorkedSettler(): (connection: Client["conn"], settle: () => void) => void {
  const corked = new Set<Client["conn"]>();
  const uncorkAll = () => {
    for (const connection of corked) connection.uncork();
    corked.clear();
  };
  return (connection, settle) => {
    if (!corked.has(connection)) {
      if (corked.size === 0) process.nextTick(uncorkAll);
      connection.cork();
      corked.add(connection);
    }
    settle();
  };
}
