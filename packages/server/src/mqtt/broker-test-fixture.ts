/**
 * For the broker's tests: a real TLS broker on a free port over an in-memory store, the real CA and REST
 * services, plants created and provisioned through those services, and mqtt.js clients that sign their own
 * envelopes (independently of envelope.ts, so the tests pin the wire format).
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { type AdjustableClock, createFixedClock } from "../clock.ts";
import type { MqttLimits } from "../config.ts";
import { createSecretBox, type SecretBox } from "../crypto/secret-box.ts";
import { type Logger, silentLogger } from "../logger.ts";
import { type CertificateAuthority, loadOrCreateCertificateAuthority } from "../pki/certificate-authority.ts";
import type { Principal } from "../services/access.ts";
import { createServices, type Services } from "../services/index.ts";
import { createMqttTokenSigner, type MqttTokenSigner } from "../services/mqtt-tokens.ts";
import type { ProvisioningPackage } from "../services/provisioning-package.ts";
import { createRevocationList } from "../services/revocation-list.ts";
import type { CommandRecord } from "../storage/commands.ts";
import type { AuthMethod, PlantRecord } from "../storage/plants.ts";
import { openStore, type Store } from "../storage/store.ts";
import { type DeviceBroker, startDeviceBroker } from "./broker.ts";

export interface TestPlant {
  id: string;
  package: ProvisioningPackage;
  secret: string;
  topics: ProvisioningPackage["mqtt"]["topics"];
}

export interface BrokerFixture {
  store: Store;
  clock: AdjustableClock;
  ca: CertificateAuthority;
  secretBox: SecretBox;
  mqttTokens: MqttTokenSigner;
  services: Services;
  broker: DeviceBroker;
  admin: Principal;
  organizationId: string;
  /** Creates a plant of `authMethod` and provisions it through the REST services. */
  createPlant(authMethod: AuthMethod): Promise<TestPlant>;
  plant(id: string): PlantRecord;
  /** Connects as the plant with its package's credentials (`overrides` replace any option). */
  connect(plant: TestPlant, overrides?: IClientOptions): Promise<MqttClient>;
  /** Connects and expects a refusal; resolves with the CONNACK return code. */
  refusedConnect(plant: TestPlant, overrides?: IClientOptions): Promise<number>;
  /** Sends a command through the REST side's command service (which stores it and tells the gateway). */
  queueCommand(plantId: string, command: string, payload?: Record<string, unknown>): CommandRecord;
  command(cmdId: string): CommandRecord;
  close(): Promise<void>;
}

export interface FixtureOptions {
  ackTimeoutSeconds?: number;
  commandTtlSeconds?: number;
  /** Database file; in memory by default. */
  databasePath?: string;
  /** Reuse a CA directory (a restarted server keeps its CA). */
  caDir?: string;
  encryptionKey?: Uint8Array;
  logger?: Logger;
  /** VOKE_MQTT_* limits for this broker (defaults otherwise). */
  limits?: Partial<MqttLimits>;
}

export async function startBrokerFixture(options: FixtureOptions = {}): Promise<BrokerFixture> {
  const dir = options.caDir ?? (await mkdtemp(join(tmpdir(), "voke-mqtt-")));
  // The TLS stack checks the CRL against the real time, so the test clock starts at it.
  const clock = createFixedClock(new Date());
  const store = openStore(options.databasePath ?? ":memory:");
  const ca = await loadOrCreateCertificateAuthority({ dir, now: () => clock.now() });
  const secretBox = createSecretBox(options.encryptionKey ?? randomBytes(32));
  const mqttTokens = createMqttTokenSigner({ key: randomBytes(32), lifetimeSeconds: 300 });
  const revocationList = createRevocationList({ store, ca, clock });

  const broker = await startDeviceBroker({
    store,
    ca,
    secretBox,
    clock,
    logger: options.logger ?? silentLogger,
    verifyMqttToken: (token, now) => mqttTokens.verify(token, now),
    revocationList,
    sweepIntervalMs: 60_000,
    config: {
      mqttHost: "127.0.0.1",
      mqttPort: 0,
      publicMqttHost: "localhost",
      commandAckTimeoutSeconds: options.ackTimeoutSeconds ?? 60,
      mqttLimits: options.limits,
    },
  });
  const services = createServices({
    store,
    clock,
    ca,
    secretBox,
    gateway: broker.gateway,
    mqttTokens,
    revocationList,
    mqttEndpoint: () => ({ host: "localhost", port: broker.port }),
    commandTtlSeconds: options.commandTtlSeconds ?? 86_400,
  });

  const organizationId = existingOrganization(store) ?? randomUUID();
  if (!store.organizations.findById(organizationId)) {
    const now = clock.now().toISOString();
    store.organizations.insert({
      id: organizationId,
      name: "Test organization",
      createdAt: now,
      updatedAt: now,
    });
  }
  const admin: Principal = { tokenId: "test-token", organizationId, role: "admin" };
  const clients: MqttClient[] = [];

  const clientOptions = (plant: TestPlant, overrides: IClientOptions): IClientOptions => {
    const pkg = plant.package;
    return {
      host: "localhost",
      port: broker.port,
      protocol: "mqtts",
      protocolVersion: 4,
      ca: pkg.security.caCert,
      clientId: plant.id,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...(pkg.authMethod === "MTLS"
        ? { cert: pkg.security.clientCert ?? undefined, key: pkg.security.clientKey ?? undefined }
        : { username: plant.id, password: pkg.security.hmacSecret }),
      ...overrides,
    };
  };

  return {
    store,
    clock,
    ca,
    secretBox,
    mqttTokens,
    services,
    broker,
    admin,
    organizationId,
    async createPlant(authMethod) {
      const { plant } = services.plants.create(admin, {
        name: `plant ${authMethod}`,
        serialNumber: `SN-${randomUUID()}`,
        type: "GATEWAY",
        authMethod,
      });
      const pkg = await services.plantCredentials.provision(admin, plant.id);
      return { id: plant.id, package: pkg, secret: pkg.security.hmacSecret, topics: pkg.mqtt.topics };
    },
    plant(id) {
      const plant = store.plants.findById(id);
      if (!plant) throw new Error(`no plant ${id}`);
      return plant;
    },
    async connect(plant, overrides = {}) {
      const client = await mqtt.connectAsync(clientOptions(plant, overrides));
      clients.push(client);
      return client;
    },
    async refusedConnect(plant, overrides = {}) {
      const client = mqtt.connect(clientOptions(plant, overrides));
      clients.push(client);
      return new Promise((resolve, reject) => {
        client.once("connect", () => reject(new Error("connection was accepted")));
        client.on("error", (error) => {
          const code = (error as { code?: unknown }).code;
          if (typeof code === "number") resolve(code);
          else reject(error);
        });
      });
    },
    queueCommand(plantId, command, payload = {}) {
      return services.commands.send(admin, plantId, { command, payload });
    },
    command(cmdId) {
      const command = store.commands.findByCmdId(cmdId);
      if (!command) throw new Error(`no command ${cmdId}`);
      return command;
    },
    async close() {
      await Promise.all(clients.map((client) => client.endAsync(true).catch(() => undefined)));
      await broker.close();
      store.close();
      if (options.caDir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

function existingOrganization(store: Store): string | undefined {
  return store.organizations.list()[0]?.id;
}

/** The MQTT payload of a device message, signed the way the protocol says (independent of envelope.ts). */
export function signedPayload(plantId: string, secret: string, body: Record<string, unknown>): string {
  const text = JSON.stringify(body);
  const sig = createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(`${plantId}.${text}`, "utf8")
    .digest("hex");
  return JSON.stringify({ body: text, sig });
}

/** A fresh body header: the clock's time and a new nonce. */
export function fresh(clock: AdjustableClock): { ts: string; nonce: string } {
  return { ts: clock.now().toISOString(), nonce: randomUUID() };
}

/** Publishes a signed device message at QoS 1 and waits for the broker's PUBACK. */
export async function publishSigned(
  client: MqttClient,
  plant: TestPlant,
  topic: string,
  body: Record<string, unknown>,
): Promise<void> {
  await client.publishAsync(topic, signedPayload(plant.id, plant.secret, body), { qos: 1 });
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves when the client's connection is gone (closed by the broker). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once("close", () => resolve());
  });
}
