/**
 * The broker measured side by side with Debian's mosquitto (/usr/sbin/mosquitto) as an anchor: the same MQTT.js
 * load generator, TLS with client certificates from the Voke server's own CA, in one run. Voke does more per
 * message (signature check, freshness, durable SQLite write before the PUBACK); mosquitto only routes.
 *
 * Measured on each broker: broker CPU per QoS 1 telemetry message and messages/s (clients × messages, 4 in
 * flight per client), and the time for N simultaneous mTLS connects to all get their CONNACK.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { encodeEnvelope, signEnvelope } from "@voke/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { loadOrCreateCertificateAuthority } from "../src/pki/certificate-authority.ts";
import type { ProvisioningPackage } from "./device-loop-support.ts";

export const MOSQUITTO = "/usr/sbin/mosquitto";

export interface BrokerUnderTest {
  name: "voke" | "mosquitto";
  port: number;
  pid: number;
}

export interface AnchorPlant {
  pkg: ProvisioningPackage;
}

export interface ThroughputFigures {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  brokerCpuMs: number;
  cpuPerMessageMs: number;
  lostPubacks: number;
}

export interface ConnectFigures {
  clients: number;
  connected: number;
  seconds: number;
  brokerCpuMs: number;
}

/** Starts mosquitto on a free port with a server certificate from the Voke CA in `dataDir`; mTLS required. */
export async function startMosquitto(dataDir: string): Promise<BrokerUnderTest & { stop(): Promise<void> }> {
  const ca = await loadOrCreateCertificateAuthority({ dir: dataDir, now: () => new Date() });
  const server = await ca.issueServerCertificate({
    hostNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
    now: new Date(),
  });
  const dir = await mkdtemp(join(tmpdir(), "voke-mosquitto-"));
  const port = await freePort();
  await writeFile(join(dir, "ca.pem"), ca.certificatePem);
  await writeFile(join(dir, "server.pem"), server.certificatePem);
  await writeFile(join(dir, "server.key"), server.privateKeyPem, { mode: 0o600 });
  await writeFile(
    join(dir, "mosquitto.conf"),
    [
      // Run as root, mosquitto would switch to user "mosquitto", which cannot read these files.
      `user ${userInfo().username}`,
      "persistence false",
      "log_dest none",
      `listener ${port} 127.0.0.1`,
      `cafile ${join(dir, "ca.pem")}`,
      `certfile ${join(dir, "server.pem")}`,
      `keyfile ${join(dir, "server.key")}`,
      "require_certificate true",
      "use_identity_as_username true",
      "tls_version tlsv1.2",
      "max_connections -1",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(MOSQUITTO, ["-c", join(dir, "mosquitto.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort(port);
  return {
    name: "mosquitto",
    port,
    pid: child.pid as number,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function clientOptions(
  broker: BrokerUnderTest,
  pkg: ProvisioningPackage,
  clientId: string,
): mqtt.IClientOptions {
  return {
    host: "127.0.0.1",
    port: broker.port,
    protocol: "mqtts",
    protocolVersion: 4,
    servername: "localhost",
    ca: pkg.security.caCert,
    cert: pkg.security.clientCert ?? undefined,
    key: pkg.security.clientKey ?? undefined,
    clientId,
    reconnectPeriod: 0,
    connectTimeout: 60_000,
    keepalive: 60,
  };
}

/**
 * Every plant connects and publishes `perClient` signed telemetry messages at QoS 1 with `inFlight` awaiting
 * their PUBACK; payloads are signed before the clock starts, so only the broker's work differs.
 */
/** Longer than the telemetry fold interval (mqtt/telemetry-folding.ts). */
const CPU_SETTLE_MS = 1500;

export async function measureThroughput(
  broker: BrokerUnderTest,
  plants: readonly AnchorPlant[],
  perClient: number,
  inFlight: number,
): Promise<ThroughputFigures> {
  const clients = await Promise.all(
    plants.map((plant) => mqtt.connectAsync(clientOptions(broker, plant.pkg, plant.pkg.plantId))),
  );
  const payloads = plants.map((plant) =>
    Array.from({ length: perClient }, (_, n) =>
      encodeEnvelope(
        signEnvelope(plant.pkg.plantId, plant.pkg.security.hmacSecret, {
          ts: new Date().toISOString(),
          nonce: randomUUID(),
          metrics: { producedKwh: n, soc: n % 100 },
        }),
      ),
    ),
  );
  let lost = 0;
  const cpuBefore = processCpuMs(broker.pid);
  const start = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      const topic = (plants[c] as AnchorPlant).pkg.mqtt.topics.telemetry;
      const mine = payloads[c] as string[];
      let next = 0;
      const lane = async () => {
        while (next < mine.length) {
          const payload = mine[next++] as string;
          try {
            await client.publishAsync(topic, payload, { qos: 1 });
          } catch {
            lost++;
          }
        }
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  // CPU is read a while after the last PUBACK, so work a broker defers is counted too (Voke folds the
  // telemetry it staged into the indexed tables every 500 ms); both brokers are idle otherwise.
  await new Promise((resolve) => setTimeout(resolve, CPU_SETTLE_MS));
  const brokerCpuMs = processCpuMs(broker.pid) - cpuBefore;
  await Promise.all(clients.map((client) => client.endAsync(true)));
  const messages = plants.length * perClient;
  return {
    messages,
    seconds: round(seconds),
    messagesPerSecond: Math.round(messages / seconds),
    brokerCpuMs: Math.round(brokerCpuMs),
    cpuPerMessageMs: round(brokerCpuMs / messages, 4),
    lostPubacks: lost,
  };
}

/** Every plant connects at once with its client certificate; the time until the last CONNACK. */
export async function measureConnectStorm(
  broker: BrokerUnderTest,
  plants: readonly AnchorPlant[],
  timeoutMs = 60_000,
): Promise<ConnectFigures> {
  const cpuBefore = processCpuMs(broker.pid);
  const start = performance.now();
  const clients: MqttClient[] = [];
  const outcomes = await Promise.all(
    plants.map(
      (plant) =>
        new Promise<boolean>((resolve) => {
          const client = mqtt.connect(clientOptions(broker, plant.pkg, plant.pkg.plantId));
          clients.push(client);
          const timer = setTimeout(() => resolve(false), timeoutMs);
          client.once("connect", () => {
            clearTimeout(timer);
            resolve(true);
          });
          client.on("error", () => {});
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  const brokerCpuMs = processCpuMs(broker.pid) - cpuBefore;
  await Promise.all(clients.map((client) => client.endAsync(true).catch(() => undefined)));
  return {
    clients: plants.length,
    connected: outcomes.filter(Boolean).length,
    seconds: round(seconds),
    brokerCpuMs: Math.round(brokerCpuMs),
  };
}

/** User + system CPU time of a process so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}`);
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
