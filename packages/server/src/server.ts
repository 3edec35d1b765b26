/**
 * Starts the reference server on a data directory: database, CA, keys, bootstrap token, the MQTT
 * broker and the HTTP API.
 */
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Hono } from "hono";
import { createApp } from "./app.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { ServerConfig } from "./config.ts";
import { createSecretBox, loadOrCreateEncryptionKey, type SecretBox } from "./crypto/secret-box.ts";
import { createEventHub } from "./events/event-hub.ts";
import type { AppEnv } from "./http/env.ts";
import { createHttpServer } from "./http/node-server.ts";
import { createLogger, type Logger } from "./logger.ts";
import { type DeviceBroker, startDeviceBroker } from "./mqtt/broker.ts";
import { loadOpenApiSpec } from "./openapi/spec.ts";
import { type CertificateAuthority, loadOrCreateCertificateAuthority } from "./pki/certificate-authority.ts";
import type { DeviceGateway } from "./services/device-gateway.ts";
import { type Housekeeping, startHousekeeping } from "./services/housekeeping.ts";
import { createServices, type Services } from "./services/index.ts";
import { createMqttTokenSigner, deriveMqttTokenKey } from "./services/mqtt-tokens.ts";
import { bootstrapFirstStart } from "./services/organizations.ts";
import { createRevocationList } from "./services/revocation-list.ts";
import { openStore, type Store } from "./storage/store.ts";

/** The database file inside the data directory. */
export const DATABASE_FILE = "voke.db";
const SHUTDOWN_GRACE_MS = 10_000;

export interface ServerOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Where the "listening" line and a generated bootstrap token go; stdout by default. */
  print?: (line: string) => void;
  /** Replaces the MQTT broker (no broker is started); for tests of the HTTP side only. */
  gateway?: DeviceGateway;
}

export interface RunningServer {
  httpUrl: string;
  httpPort: number;
  mqttPort?: number;
  store: Store;
  services: Services;
  ca: CertificateAuthority;
  secretBox: SecretBox;
  app: Hono<AppEnv>;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Starts everything `config` describes. Port 0 picks a free port; the bound ports are printed as
 * `voke-server listening http=http://127.0.0.1:PORT mqtt=mqtts://127.0.0.1:PORT`.
 *
 * @example const server = await startServer(loadConfig(process.env)); … await server.close();
 */
export async function startServer(
  config: ServerConfig,
  overrides: ServerOverrides = {},
): Promise<RunningServer> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const print = overrides.print ?? ((line: string) => process.stdout.write(`${line}\n`));

  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const encryptionKey = await loadOrCreateEncryptionKey({
    dir: config.dataDir,
    fromEnv: config.encryptionKey,
  });
  const ca = await loadOrCreateCertificateAuthority({ dir: config.dataDir, now: () => clock.now() });
  const spec = loadOpenApiSpec();
  const store = openStore(join(config.dataDir, DATABASE_FILE));
  let housekeeping: Housekeeping | undefined;
  let broker: DeviceBroker | undefined;
  try {
    const secretBox = createSecretBox(encryptionKey);
    const mqttTokens = createMqttTokenSigner({ key: deriveMqttTokenKey(encryptionKey) });

    // No MQTT session survives a restart.
    store.plants.markAllOffline();

    const revocationList = createRevocationList({ store, ca, clock });
    const events = createEventHub({ store, clock, logger });
    broker = overrides.gateway
      ? undefined
      : await startDeviceBroker({
          store,
          ca,
          secretBox,
          clock,
          logger,
          config,
          revocationList,
          events,
          verifyMqttToken: (token, now) => mqttTokens.verify(token, now),
        });
    const gateway = overrides.gateway ?? (broker as DeviceBroker).gateway;
    const mqttPort = broker?.port ?? config.mqttPort;
    const mqttEndpoint = () => ({ host: config.publicMqttHost, port: mqttPort });
    const services = createServices({
      store,
      clock,
      ca,
      secretBox,
      gateway,
      mqttTokens,
      mqttEndpoint,
      commandTtlSeconds: config.commandTtlSeconds,
      logger,
      revocationList,
      events,
    });
    const app = createApp({
      services,
      store,
      clock,
      secretBox,
      logger,
      spec,
      events,
      maxBodyBytes: config.maxBodyBytes,
      rateLimitRps: config.rateLimitRps,
      authFailuresPerMinute: config.authFailuresPerMinute,
      corsOrigins: config.corsOrigins,
    });

    const http = createHttpServer(app, config.httpHost);
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(config.httpPort, config.httpHost, () => {
        http.off("error", reject);
        resolve();
      });
    });
    const httpPort = (http.address() as AddressInfo).port;
    const httpUrl = `http://${formatHost(config.httpHost)}:${httpPort}`;
    housekeeping = startHousekeeping({ store, clock, logger, config });
    // Only now that every port is bound: a start that fails to bind must not use up the one showing
    // of a generated admin token (the next start creates it instead).
    const bootstrap = bootstrapFirstStart(store, clock, config.bootstrapToken);
    if (bootstrap) {
      logger.info("first start: created the default organization's admin token", {
        organizationId: bootstrap.organization.id,
        tokenId: bootstrap.tokenId,
      });
      if (bootstrap.generatedToken)
        print(`voke-server admin token (shown once): ${bootstrap.generatedToken}`);
    }
    const mqttUrl = `mqtts://${formatHost(config.mqttHost)}:${mqttPort}`;
    print(`voke-server listening http=${httpUrl}${broker ? ` mqtt=${mqttUrl}` : ""}`);
    logger.info("listening", { httpUrl, ...(broker ? { mqttUrl } : {}) });

    let closing: Promise<void> | undefined;
    return {
      httpUrl,
      httpPort,
      ...(broker ? { mqttPort: broker.port } : {}),
      store,
      services,
      ca,
      secretBox,
      app,
      close() {
        closing ??= (async () => {
          housekeeping?.stop();
          // Open event streams end now (their clients resume elsewhere or after the restart).
          events.shutdown();
          await new Promise<void>((resolve) => {
            // Requests in flight finish; a client that never lets go is cut off after the grace period.
            const force = setTimeout(() => {
              if ("closeAllConnections" in http) http.closeAllConnections();
            }, SHUTDOWN_GRACE_MS);
            force.unref();
            http.close(() => {
              clearTimeout(force);
              resolve();
            });
            if ("closeIdleConnections" in http) http.closeIdleConnections();
          });
          await broker?.close();
          await housekeeping?.idle();
          events.flush();
          store.close();
          logger.info("stopped");
        })();
        return closing;
      },
    };
  } catch (error) {
    housekeeping?.stop();
    await broker?.close();
    store.close();
    throw error;
  }
}

function formatHost(host: string): string {
  const shown = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return shown.includes(":") ? `[${shown}]` : shown;
}
