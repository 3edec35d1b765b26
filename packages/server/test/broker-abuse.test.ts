// The broker on the open internet, against a real `voke-server` process: oversize packets cut while they
// arrive (the server's RSS barely moves), idle connections closed, a bad-login flood that neither slows a good
// client nor inflates the target's counters or the log, and the refusals visible through `voke plants get`.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import type { ProvisioningPackage } from "@voke/device";
import { createVokeClient, type VokeClient } from "@voke/sdk";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionPlant } from "./device-loop-support.ts";
import { type ServerProcess, startServerProcess } from "./server-process.ts";

const FLOOD = fileURLToPath(new URL("./connect-flood.ts", import.meta.url));
const VOKE_BIN = fileURLToPath(new URL("../../cli/dist/voke.js", import.meta.url));
const MB = 1024 * 1024;

let dir: string;
let server: ServerProcess;
let mqttPort: number;
let api: VokeClient;
const token = `voke_test_${randomUUID().replaceAll("-", "")}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "voke-abuse-"));
  server = await startServerProcess(join(dir, "data"), {
    VOKE_BOOTSTRAP_TOKEN: token,
    VOKE_LOG_LEVEL: "info",
    VOKE_MQTT_HOST: "127.0.0.1",
    VOKE_MQTT_REFUSAL_LOG_INTERVAL_S: "1",
  });
  mqttPort = Number(/mqtt=\S*:(\d+)/.exec(server.stdout())?.[1]);
  api = createVokeClient({ baseUrl: server.httpUrl, token, maxRetries: 0 });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The server's resident set size in bytes. */
async function serverRss(): Promise<number> {
  const status = await readFile(`/proc/${server.child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

function mqttOptions(pkg: ProvisioningPackage, extra: mqtt.IClientOptions = {}): mqtt.IClientOptions {
  return {
    host: "127.0.0.1",
    port: mqttPort,
    protocol: "mqtts",
    protocolVersion: 4,
    servername: "localhost",
    ca: pkg.security.caCert,
    clientId: pkg.plantId,
    username: pkg.plantId,
    password: pkg.security.hmacSecret,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...extra,
  };
}

function closedWithin(socket: TLSSocket | import("node:net").Socket): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => socket.once("close", () => resolve(Date.now() - started)));
}

/** Streams `total` bytes of zeros after `header`, honouring back-pressure, until done or the peer cuts it. */
async function stream(socket: TLSSocket, header: Buffer, total: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  let sent = 0;
  socket.write(header);
  while (sent < total && !socket.destroyed) {
    const more = socket.write(chunk);
    sent += chunk.length;
    if (!more) {
      await new Promise<void>((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
      });
    }
  }
  return sent;
}

/** The MQTT remaining-length encoding of `length`. */
function remainingLength(length: number): number[] {
  const bytes: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return bytes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timedConnect(pkg: ProvisioningPackage): Promise<number> {
  const started = performance.now();
  const client = await mqtt.connectAsync(mqttOptions(pkg));
  const took = performance.now() - started;
  await client.endAsync(true);
  return took;
}

describe("limits before buffering", () => {
  it("cuts a 50 MB CONNECT and a 50 MB PUBLISH while they arrive, and the server's RSS stays within a few MB", async () => {
    const { pkg } = await provisionPlant(api, "PASSWORD", "abuse-oversize");
    // Warm up: one ordinary session, so the comparison is not of a cold broker.
    await timedConnect(pkg);
    const before = await serverRss();

    const raw = connectTls({
      host: "127.0.0.1",
      port: mqttPort,
      servername: "localhost",
      ca: pkg.security.caCert,
    });
    raw.on("error", () => {});
    await new Promise((resolve) => raw.once("secureConnect", resolve));
    const cut = closedWithin(raw);
    const sentConnect = await stream(raw, Buffer.from([0x10, ...remainingLength(50 * MB)]), 50 * MB);
    await cut;
    expect(sentConnect).toBeLessThan(50 * MB);

    const client: MqttClient = await mqtt.connectAsync(mqttOptions(pkg));
    client.on("error", () => {});
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    client.publish(pkg.mqtt.topics.telemetry, Buffer.alloc(50 * MB), { qos: 1 });
    await closed;
    client.end(true);

    const grown = (await serverRss()) - before;
    expect(grown).toBeLessThan(8 * MB);
    const plant = await api.plants.get(pkg.plantId);
    expect(plant.refusals.messages).toEqual({ TOO_LARGE: 1 });
  });

  it("closes an idle raw TCP connection and a TLS connection that never sends CONNECT within 15 s", async () => {
    const tcp = connectTcp({ host: "127.0.0.1", port: mqttPort });
    tcp.on("error", () => {});
    const tls = connectTls({
      host: "127.0.0.1",
      port: mqttPort,
      servername: "localhost",
      rejectUnauthorized: false,
    });
    tls.on("error", () => {});
    const [tcpMs, tlsMs] = await Promise.all([closedWithin(tcp), closedWithin(tls)]);
    expect(tcpMs).toBeLessThan(15_000);
    expect(tlsMs).toBeLessThan(15_000);
  }, 30_000);
});

describe("a bad-login flood", () => {
  it("does not slow a good client, and the target's counters and the log stay bounded", async () => {
    const { pkg: good } = await provisionPlant(api, "PASSWORD", "abuse-good");
    const { plantId: target } = await provisionPlant(api, "PASSWORD", "abuse-target");
    await timedConnect(good);
    const quiet: number[] = [];
    for (let i = 0; i < 15; i++) quiet.push(await timedConnect(good));

    const logBefore = server.stderr().length;
    const flood = spawn(
      process.execPath,
      [FLOOD, String(mqttPort), target, "1000", "50", "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let report = "";
    flood.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      report += chunk;
    });
    const floodDone = new Promise<void>((resolve) => flood.once("exit", () => resolve()));
    let running = true;
    void floodDone.then(() => {
      running = false;
    });
    const during: number[] = [];
    while (running || during.length < 5) during.push(await timedConnect(good));
    await floodDone;
    const outcome = JSON.parse(report) as { attempts: number; answered: number; cut: number };
    expect(outcome.attempts).toBe(1000);

    // 3× the quiet median; a floor of 20 ms keeps a 4 ms quiet median from making timer noise a failure.
    expect(median(during)).toBeLessThanOrEqual(Math.max(3 * median(quiet), 20));
    // Sources over their budget are cut before TLS: most of the flood never got a CONNACK.
    expect(outcome.cut).toBeGreaterThan(outcome.answered);

    const plant = await api.plants.get(target);
    expect(plant.authFailureCount).toBeGreaterThan(0);
    expect(plant.authFailureCount).toBeLessThanOrEqual(10); // VOKE_MQTT_AUTH_FAILURES_PER_PLANT
    expect(plant.refusals.authentication.WRONG_PASSWORD).toBe(plant.authFailureCount);

    // The log: aggregated warn lines (one per plant and reason per second here), counts adding up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lines = server
      .stderr()
      .slice(logBefore)
      .split("\n")
      .filter((line) => line.includes(target) || line.includes("SOURCE_THROTTLED"))
      .map(
        (line) =>
          JSON.parse(line) as {
            level: string;
            msg: string;
            component?: string;
            reason: string;
            count: number;
          },
      )
      .filter((line) => line.component === "mqtt");
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(lines.filter((line) => line.level !== "warn" || line.msg !== "mqtt refusals")).toEqual([]);
    const logged = (reason: string) =>
      lines.filter((line) => line.reason === reason).reduce((sum, line) => sum + line.count, 0);
    expect(logged("WRONG_PASSWORD")).toBe(outcome.answered);
    expect(logged("SOURCE_THROTTLED")).toBeGreaterThan(0);

    // `voke plants get` shows the refusals by reason.
    const shown = spawnSync(process.execPath, [VOKE_BIN, "plants", "get", target], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        VOKE_CONFIG_DIR: join(dir, "cli"),
        VOKE_API_URL: server.httpUrl,
        VOKE_TOKEN: token,
        NO_COLOR: "1",
      },
      encoding: "utf8",
    });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(
      new RegExp(`refusals\\s+authentication: WRONG_PASSWORD ${plant.authFailureCount}`),
    );
  }, 60_000);
});
