/**
 * The device broker: aedes behind the TLS listener, wired to authentication, the ACL, the device inbox,
 * presence and the command queue; `startDeviceBroker` is the one entry the server calls. (Telemetry past its
 * retention is pruned by services/housekeeping.ts.)
 */

import type { TLSSocket } from "node:tls";
import { Aedes, type Client } from "aedes";
import type { Clock } from "../clock.ts";
import { DEFAULT_MQTT_LIMITS, type MqttLimits, type ServerConfig } from "../config.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { Logger } from "../logger.ts";
import type { CertificateAuthority } from "../pki/certificate-authority.ts";
import { createAlertEvaluator } from "../services/alert-evaluation.ts";
import { createCommandDelivery } from "../services/command-delivery.ts";
import { createDeviceActivityService, type DeviceActivityService } from "../services/device-activity.ts";
import type { DeviceGateway } from "../services/device-gateway.ts";
import type { RevocationList } from "../services/revocation-list.ts";
import type { Store } from "../storage/store.ts";
import { createAuthThrottle } from "./auth-throttle.ts";
import { createAuthenticator, type MqttTokenVerifier } from "./authenticate.ts";
import { createBrokerHooks } from "./broker-hooks.ts";
import { createCommandDispatcher } from "./command-dispatcher.ts";
import { createDeviceGateway } from "./device-gateway.ts";
import { createDeviceInbox } from "./device-inbox.ts";
import { guardPackets, isPublish } from "./packet-gate.ts";
import { createPlantSecrets } from "./plant-secrets.ts";
import { createPresence } from "./presence.ts";
import { createRefusalRecorder } from "./refusals.ts";
import { createReplayGuard } from "./replay-guard.ts";
import { followSessions } from "./session-events.ts";
import { createSessionRegistry } from "./sessions.ts";
import { startSweeper } from "./sweeper.ts";
import { startTelemetryFolding } from "./telemetry-folding.ts";
import { createTelemetryIngest } from "./telemetry-ingest.ts";
import { createTelemetryQuota } from "./telemetry-quota.ts";
import { createTlsEndpoint } from "./tls-endpoint.ts";
import { createWriteBatch } from "./write-batch.ts";

export interface DeviceBrokerDeps {
  store: Store;
  ca: CertificateAuthority;
  secretBox: SecretBox;
  config: Pick<ServerConfig, "mqttHost" | "mqttPort" | "publicMqttHost" | "commandAckTimeoutSeconds"> & {
    /** VOKE_MQTT_* limits; each one left out takes its default. */
    mqttLimits?: Partial<MqttLimits>;
  };
  /** Where presence, telemetry, command, alert and refusal events go (GET /api/v1/events). */
  events?: EventPublisher;
  /** The domain rules for what plants do (presence, counters, status, telemetry); built over `store` if not given. */
  activity?: DeviceActivityService;
  clock: Clock;
  logger: Logger;
  /** Checks a TOKEN plant's JWT; pass `(token, now) => mqttTokens.verify(token, now)`. */
  verifyMqttToken: MqttTokenVerifier;
  /** The CRL shared with the REST side; the broker starts with it and picks up a rebuilt one on its sweeps. */
  revocationList: RevocationList;
  /** How often housekeeping runs (command time-outs and expiry, token expiry, nonce pruning, CRL refresh); 1000 ms. */
  sweepIntervalMs?: number;
}

export interface DeviceBroker {
  /** The port bound (useful with VOKE_MQTT_PORT=0). */
  readonly port: number;
  /** What the REST services call: close a session, deliver a new command, presence, CRL reload. */
  readonly gateway: DeviceGateway;
  /** Runs the housekeeping now (after moving an injected clock in tests). */
  sweep(): Promise<void>;
  /** Closes every session (plants go OFFLINE), stops listening and writes what is still batched. */
  close(): Promise<void>;
}

/**
 * @example
 * const broker = await startDeviceBroker({ store, ca, secretBox, config, clock, logger,
 *   verifyMqttToken: (token, now) => mqttTokens.verify(token, now), revocationList });
 * const services = createServices({ ...deps, gateway: broker.gateway, revocationList });
 */
export async function startDeviceBroker(deps: DeviceBrokerDeps): Promise<DeviceBroker> {
  const { store, clock, config } = deps;
  const logger = deps.logger.child({ component: "mqtt" });

  const limits: MqttLimits = { ...DEFAULT_MQTT_LIMITS, ...config.mqttLimits };
  const { events } = deps;
  const activity = deps.activity ?? createDeviceActivityService({ store, clock, events });

  const batch = createWriteBatch(store.db, logger);
  const folding = startTelemetryFolding({ telemetry: store.telemetry, logger });
  const presence = createPresence({ activity, batch, clock });
  const sessions = createSessionRegistry({ onPlantOffline: (plantId) => presence.disconnected(plantId) });
  const secrets = createPlantSecrets({ store, secretBox: deps.secretBox, clock });
  const refusals = createRefusalRecorder({
    record: (tallies) => activity.recordRefusals(tallies),
    batch,
    clock,
    logger,
  });
  const throttle = createAuthThrottle({
    limits: {
      failuresPerSource: limits.authFailuresPerSource,
      failuresPerPlant: limits.authFailuresPerPlant,
      windowMs: 60_000,
    },
    clock,
  });
  const quota = createTelemetryQuota({
    limits: { messagesPerSecond: limits.telemetryPerSecond, bytesPerDay: limits.telemetryBytesPerDay },
    clock,
  });
  const replayGuard = createReplayGuard({ nonces: store.seenNonces, clock });
  const commands = createCommandDispatcher({
    commands: createCommandDelivery({
      store,
      clock,
      ackTimeoutSeconds: config.commandAckTimeoutSeconds,
      events,
    }),
    sessions,
    secrets,
    clock,
    logger,
  });
  const telemetry = createTelemetryIngest({
    activity,
    alerts: createAlertEvaluator({ store, events }),
  });
  const inbox = createDeviceInbox({
    activity,
    secrets,
    replayGuard,
    telemetry,
    quota,
    commands,
    presence,
    refusals,
    batch,
    clock,
  });
  const authenticate = createAuthenticator({
    activity,
    secrets,
    verifyToken: deps.verifyMqttToken,
    clock,
    otherSessions: (plantId, clientId) => sessions.countOthers(plantId, clientId),
    maxSessionsPerPlant: limits.maxSessionsPerPlant,
  });

  presence.resetAll();

  // The listener is built first: a CA or CRL problem then fails the start before anything needs closing.
  let crlPem = await deps.revocationList.current();
  const tls = await createTlsEndpoint({
    ca: deps.ca,
    now: clock.now(),
    hosts: [config.publicMqttHost, config.mqttHost],
    crlPem,
    // Connections arrive only once listen() below has run, when `broker` exists.
    onSecureConnection: (socket) => {
      guardPackets(socket, limits, (violation) => {
        // aedes hangs its client on the connection it handles.
        const client = (socket as TLSSocket & { client?: Client }).client;
        const session = client ? sessions.of(client) : undefined;
        if (session && isPublish(violation)) refusals.message(session.plantId, "TOO_LARGE");
        else if (violation.kind === "CONNECT_TOO_LARGE")
          refusals.authentication(undefined, "CONNECT_TOO_LARGE", false);
        else refusals.connection(violation.kind);
      });
      broker.handle(socket);
    },
    isSourceBlocked: (address) => throttle.isSourceBlocked(address),
    onDropped: (reason) => refusals.connection(reason),
    handshakeTimeoutMs: limits.handshakeTimeoutMs,
    maxConnections: limits.maxConnections,
    logger,
  });
  const broker = await Aedes.createBroker({
    // Client ids are UUIDs (36 characters); MQTT 3.1's limit of 23 would refuse them.
    maxClientsIdLength: 64,
    connectTimeout: limits.connectTimeoutMs,
    drainTimeout: 30_000,
    ...createBrokerHooks({ authenticate, sessions, inbox, refusals, throttle, logger }),
  });
  consumeDeviceMessages(broker, (client) => sessions.of(client) !== undefined);
  const sessionEvents = followSessions(broker, { sessions, presence, commands, clock, logger });

  const gateway = createDeviceGateway({
    sessions,
    commands,
    logger,
    isRevoked: (serial) => activity.isCertificateRevoked(serial),
    reloadCrl: (pem) => {
      tls.reloadCrl(pem);
      crlPem = pem;
    },
  });

  const sweeper = startSweeper({
    intervalMs: deps.sweepIntervalMs ?? 1000,
    logger,
    tasks: [
      { name: "commands", run: () => void commands.sweep() },
      {
        name: "token expiry",
        run: () => {
          for (const session of sessions.allLive()) sessionEvents.closeIfExpired(session);
        },
      },
      { name: "nonces", run: () => void replayGuard.prune() },
      {
        name: "throttles and quotas",
        run: () => {
          throttle.prune();
          quota.prune();
        },
      },
      {
        name: "crl refresh",
        run: async () => {
          // current() rebuilds the CRL when it is past half its validity; OpenSSL refuses an expired one.
          const pem = await deps.revocationList.current();
          if (pem !== crlPem) gateway.reloadCrl(pem);
        },
      },
    ],
  });

  const refusalLog = setInterval(() => refusals.report(), limits.refusalLogIntervalSeconds * 1000);
  refusalLog.unref();

  const closeBroker = () => new Promise<void>((resolve) => broker.close(() => resolve()));
  let port: number;
  try {
    port = await tls.listen(config.mqttPort, config.mqttHost);
  } catch (error) {
    sweeper.stop();
    clearInterval(refusalLog);
    await closeBroker();
    folding.stop();
    throw error;
  }
  logger.info("mqtt broker listening", { host: config.mqttHost, port });

  let closing: Promise<void> | undefined;
  return {
    port,
    gateway,
    sweep: () => sweeper.runNow(),
    close() {
      closing ??= (async () => {
        sweeper.stop();
        clearInterval(refusalLog);
        const stopped = tls.close();
        await closeBroker();
        await stopped;
        batch.flush();
        folding.stop();
        refusals.report();
      })();
      return closing;
    },
  };
}

/**
 * Device messages end at the broker: the inbox has consumed them by the time aedes would route them, and the ACL
 * lets no client subscribe to a device topic. aedes still routes every publish it has acknowledged (topic match,
 * offline-queue lookup); for a plant's publish that is skipped. Everything else (the broker's own $SYS messages)
 * is routed as before; commands go to their session directly (Client.publish), not through here.
 */
function consumeDeviceMessages(broker: Aedes, isPlant: (client: Client) => boolean): void {
  const route = broker.publish.bind(broker);
  broker.publish = ((
    packet: Parameters<Aedes["publish"]>[0],
    client: unknown,
    done?: (error?: Error) => void,
  ) => {
    if (client && typeof client === "object" && isPlant(client as Client)) {
      (done ?? (() => {}))();
      return;
    }
    return (route as (...args: unknown[]) => void)(packet, client, done);
  }) as Aedes["publish"];
}
