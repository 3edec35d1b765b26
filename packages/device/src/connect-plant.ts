/**
 * A plant's live connection to the Voke broker: TLS with the package's credentials, signed telemetry,
 * status and acks, verified commands, and reconnection with jittered backoff (fetching a fresh token
 * before every attempt for TOKEN plants).
 */
import { randomUUID } from "node:crypto";
import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { type BackoffOptions, createBackoff } from "./backoff.ts";
import {
  type CommandHandler,
  type CommandOutcome,
  type CommandRejection,
  createCommandDispatcher,
} from "./command-dispatcher.ts";
import { mqttClientOptions } from "./connection-options.ts";
import { encodeEnvelope, signEnvelope } from "./envelope.ts";
import { DeviceError } from "./errors.ts";
import { createListeners, type Listener } from "./listeners.ts";
import {
  type MessageStamp,
  type PlantCommand,
  type StatusFields,
  statusBody,
  type TelemetryMetrics,
  telemetryBody,
} from "./messages.ts";
import {
  type MqttTopics,
  type ProvisioningPackage,
  parseProvisioningPackage,
} from "./provisioning-package.ts";
import { toDeviceError } from "./transport-errors.ts";

/** The device's notion of "now"; message timestamps come from it. */
export interface DeviceClock {
  now(): Date;
}

/** Where the connection reports what it does. Never given a secret. */
export interface DeviceLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ConnectPlantOptions {
  /** Dial this host instead of the package's broker (the certificate is still checked for the broker's name). */
  host?: string;
  /** Dial this port instead of the package's. */
  port?: number;
  /** TOKEN plants: a JWT from `POST /plants/{id}/mqtt-token`, used for every connection. */
  token?: string;
  /** TOKEN plants: called before the first connection and before every reconnection, so an expired JWT is replaced. */
  getToken?: () => string | Promise<string>;
  /** The secret to sign with (and, for PASSWORD plants, to log in with) after rotate-secret; default: the package's. */
  hmacSecret?: string;
  /** Delay between reconnection attempts: exponential from minMs to maxMs with jitter (defaults 500 ms, 30 s). */
  reconnect?: BackoffOptions;
  /** Handler for commands, set before the first command can arrive; `onCommand()` replaces it. */
  onCommand?: CommandHandler;
  /** MQTT keepalive in seconds (default 30). */
  keepaliveSeconds?: number;
  /** How long to wait for the broker's CONNACK (default 10 s). */
  connectTimeoutMs?: number;
  clock?: DeviceClock;
  logger?: DeviceLogger;
}

export interface PlantConnectionEvents {
  /** Connected and subscribed to the commands topic; `reconnected` is false the first time. */
  connect: { reconnected: boolean };
  /** The session ended; the connection reconnects by itself unless `close()` was called. */
  disconnect: { error: DeviceError | undefined };
  /** The next attempt starts after `delayMs`. */
  reconnecting: { attempt: number; delayMs: number };
  /** A failed connection attempt or transport problem (the connection keeps retrying). */
  error: DeviceError;
  /** A command message was dropped: unsigned, badly signed or malformed. */
  commandRejected: CommandRejection;
  /** A command ran; its ack is on the way. */
  commandHandled: { command: PlantCommand; outcome: CommandOutcome };
}

/** What a publish returns once the broker acknowledged it (PUBACK). */
export interface PublishReceipt {
  topic: string;
  ts: string;
  nonce: string;
}

export interface PlantConnection {
  readonly plantId: string;
  readonly topics: MqttTopics;
  /** True while connected and subscribed to the commands topic. */
  readonly connected: boolean;
  /** Publishes signed telemetry with QoS 1; resolves on PUBACK (held and resent while reconnecting). */
  publishTelemetry(metrics: TelemetryMetrics): Promise<PublishReceipt>;
  /** Publishes the plant's self-reported fields with QoS 1; resolves on PUBACK. */
  publishStatus(fields: StatusFields): Promise<PublishReceipt>;
  /** Sets the command handler (replacing the previous one); commands that arrived before it run now. */
  onCommand(handler: CommandHandler): void;
  /** Adds an event listener; returns a function that removes it. */
  on<E extends keyof PlantConnectionEvents>(
    event: E,
    listener: Listener<PlantConnectionEvents[E]>,
  ): () => void;
  /** Sends DISCONNECT (after in-flight messages are acknowledged, at most `graceMs`) and stops reconnecting. */
  close(graceMs?: number): Promise<void>;
}

const silentLogger: DeviceLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Connects a plant with its provisioning package. Resolves once the broker accepted the plant and the
 * commands subscription is granted; rejects with a DeviceError when that first attempt fails.
 *
 * @example
 * const plant = await connectPlant(await loadProvisioningPackage("voke-SN-1.json"));
 * plant.onCommand(async (cmd) => ({ status: "OK", response: { rebooted: cmd.command === "reboot" } }));
 * await plant.publishTelemetry({ producedKwh: 1204.5, soc: 71 });
 */
export async function connectPlant(
  pkg: ProvisioningPackage,
  options: ConnectPlantOptions = {},
): Promise<PlantConnection> {
  const plant = parseProvisioningPackage(pkg);
  checkOptions(plant, options);
  const logger = (options.logger ?? silentLogger) as DeviceLogger;
  const clock = options.clock ?? { now: () => new Date() };
  const backoff = createBackoff(options.reconnect);
  const secret = options.hmacSecret ?? plant.security.hmacSecret;
  const plantId = plant.plantId;
  const topics = plant.mqtt.topics;
  const listeners = createListeners<PlantConnectionEvents>((error) =>
    logger.error("a plant connection listener threw", { plantId, error: describeError(error) }),
  );
  const stamp = (): MessageStamp => ({ ts: clock.now().toISOString(), nonce: randomUUID() });

  const password = async (): Promise<string | undefined> => {
    if (plant.authMethod === "PASSWORD") return secret;
    if (plant.authMethod !== "TOKEN") return undefined;
    if (options.getToken === undefined) return options.token;
    let token: unknown;
    try {
      token = await options.getToken();
    } catch (error) {
      throw new DeviceError("TOKEN", `getToken() failed: ${describeError(error)}`, { cause: error });
    }
    if (typeof token !== "string" || token === "") {
      throw new DeviceError("TOKEN", "getToken() must return a non-empty string");
    }
    return token;
  };

  const clientOptions: IClientOptions = mqttClientOptions(plant, {
    host: options.host,
    port: options.port,
    password: await password(),
    keepaliveSeconds: options.keepaliveSeconds,
    connectTimeoutMs: options.connectTimeoutMs,
  });
  const client: MqttClient = connect(clientOptions);

  const pending = new Set<(error: DeviceError) => void>();
  const drainWaiters = new Set<() => void>();
  const settle = (reject: (error: DeviceError) => void) => {
    pending.delete(reject);
    if (pending.size === 0) for (const wake of drainWaiters) wake();
  };
  const drained = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        drainWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      drainWaiters.add(done);
    });
  let ready = false;
  let everReady = false;
  let closed = false;
  let lastError: DeviceError | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let settleFirst: { resolve: () => void; reject: (error: DeviceError) => void } | undefined;
  const firstConnection = new Promise<void>((resolve, reject) => {
    settleFirst = { resolve, reject };
  });

  const publish = (topic: string, body: MessageStamp & object): Promise<PublishReceipt> => {
    if (closed) return Promise.reject(new DeviceError("CLOSED", "the plant connection is closed"));
    const payload = encodeEnvelope(signEnvelope(plantId, secret, body));
    return new Promise((resolve, reject) => {
      pending.add(reject);
      client.publish(topic, payload, { qos: 1 }, (error) => {
        settle(reject);
        if (error) reject(toDeviceError(error));
        else resolve({ topic, ts: body.ts, nonce: body.nonce });
      });
    });
  };

  const dispatcher = createCommandDispatcher({
    plantId,
    secret,
    stamp,
    publishAck: (body) => publish(topics.ack, body),
    onRejected(rejection) {
      logger.warn("dropped a command message", {
        plantId,
        reason: rejection.reason,
        detail: rejection.message,
      });
      listeners.emit("commandRejected", rejection);
    },
    onHandled(command, outcome) {
      logger.debug("command handled", { plantId, cmdId: command.cmdId, status: outcome.status });
      listeners.emit("commandHandled", { command, outcome });
    },
    onAckFailed(cmdId, error) {
      logger.warn("could not ack a command", { plantId, cmdId, error: describeError(error) });
    },
  });
  if (options.onCommand !== undefined) dispatcher.setHandler(options.onCommand);

  const fail = (error: DeviceError) => {
    lastError = error;
    if (settleFirst !== undefined) return;
    logger.warn("plant connection problem", { plantId, code: error.code, error: error.message });
    listeners.emit("error", error);
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer !== undefined) return;
    const delayMs = backoff.next();
    logger.info("reconnecting", { plantId, attempt: backoff.attempt, delayMs });
    listeners.emit("reconnecting", { attempt: backoff.attempt, delayMs });
    reconnectTimer = setTimeout(() => void attemptReconnect(), delayMs);
  };

  const attemptReconnect = async () => {
    reconnectTimer = undefined;
    if (closed) return;
    try {
      const next = await password();
      if (closed) return;
      client.options.password = next;
    } catch (error) {
      fail(toDeviceError(error));
      scheduleReconnect();
      return;
    }
    lastError = undefined;
    client.connect();
  };

  client.on("error", (error) => fail(toDeviceError(error)));

  client.on("connect", () => {
    lastError = undefined;
    client.subscribe(topics.commands, { qos: 1 }, (error) => {
      if (closed) return;
      if (error) {
        // A closed connection fails the pending SUBACK; the reconnection subscribes again.
        if (!client.connected) return;
        const refused = new DeviceError(
          "SUBSCRIBE_REFUSED",
          `the broker refused the subscription to ${topics.commands}`,
          {
            cause: error,
          },
        );
        if (settleFirst !== undefined) {
          lastError = refused;
          client.end(true);
          return;
        }
        fail(refused);
        return;
      }
      ready = true;
      backoff.reset();
      logger.info("plant connected", { plantId, reconnected: everReady });
      listeners.emit("connect", { reconnected: everReady });
      everReady = true;
      settleFirst?.resolve();
      settleFirst = undefined;
    });
  });

  client.on("message", (topic, payload) => {
    if (topic === topics.commands) void dispatcher.receive(payload);
  });

  // Runs before mqtt.js's own close handling, so the reconnection is ours (backoff, fresh token).
  client.prependListener("close", () => {
    const wasReady = ready;
    ready = false;
    if (settleFirst !== undefined) {
      const first = settleFirst;
      settleFirst = undefined;
      closed = true;
      client.end(true);
      first.reject(
        lastError ?? new DeviceError("NETWORK", "the connection closed before the broker accepted it"),
      );
      return;
    }
    if (closed) return;
    if (wasReady) {
      logger.info("plant disconnected", { plantId, error: lastError?.message });
      listeners.emit("disconnect", { error: lastError });
    }
    scheduleReconnect();
  });

  await firstConnection;

  return {
    plantId,
    topics,
    get connected() {
      return ready && !closed;
    },
    publishTelemetry: (metrics) => publish(topics.telemetry, telemetryBody(stamp(), metrics)),
    publishStatus: (fields) => publish(topics.status, statusBody(stamp(), fields)),
    onCommand(handler) {
      if (typeof handler !== "function") throw new DeviceError("INVALID_INPUT", "onCommand needs a function");
      dispatcher.setHandler(handler);
    },
    on: (event, listener) => listeners.on(event, listener),
    async close(graceMs = 5_000) {
      if (closed) return;
      closed = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const wasReady = ready;
      // A clean DISCONNECT comes after the PUBACKs still awaited, for at most graceMs.
      if (client.connected && pending.size > 0) await drained(graceMs);
      ready = false;
      const force = !client.connected || pending.size > 0;
      await new Promise<void>((resolve) => client.end(force, {}, () => resolve()));
      for (const reject of pending)
        reject(new DeviceError("CLOSED", "the plant connection was closed before PUBACK"));
      pending.clear();
      if (wasReady) listeners.emit("disconnect", { error: undefined });
      logger.info("plant connection closed", { plantId });
    },
  };
}

function checkOptions(plant: ProvisioningPackage, options: ConnectPlantOptions): void {
  const bad = (message: string) => new DeviceError("INVALID_INPUT", message);
  if (plant.authMethod === "TOKEN") {
    if (options.token === undefined && options.getToken === undefined) {
      throw bad("a TOKEN plant needs options.token or options.getToken");
    }
    if (options.token !== undefined && options.getToken !== undefined)
      throw bad("give options.token or options.getToken, not both");
    if (options.token !== undefined && (typeof options.token !== "string" || options.token === "")) {
      throw bad("options.token must be a non-empty string");
    }
    if (options.getToken !== undefined && typeof options.getToken !== "function")
      throw bad("options.getToken must be a function");
  } else if (options.token !== undefined || options.getToken !== undefined) {
    throw bad(`options.token and options.getToken are for TOKEN plants; this plant uses ${plant.authMethod}`);
  }
  if (
    options.hmacSecret !== undefined &&
    (typeof options.hmacSecret !== "string" || options.hmacSecret === "")
  ) {
    throw bad("options.hmacSecret must be a non-empty string");
  }
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
  ) {
    throw bad("options.port must be an integer from 1 to 65535");
  }
  if (options.host !== undefined && (typeof options.host !== "string" || options.host === "")) {
    throw bad("options.host must be a non-empty string");
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
