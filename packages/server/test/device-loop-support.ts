/**
 * Starts the real Voke server (REST API + MQTT broker over TLS, port 0, a temp data directory) for the
 * whole-loop tests and the device-loop benchmark, in this process or as a child process that can be killed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import {
  type ConnectPlantOptions,
  connectPlant,
  type PlantConnection,
  type ProvisioningPackage,
} from "@voke/device";
import { AUTH_METHOD_VALUES, createVokeClient, type VokeClient } from "@voke/sdk";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { DATABASE_FILE, type RunningServer, startServer } from "../src/server.ts";

export type { PlantConnection, ProvisioningPackage } from "@voke/device";
// Re-exported for bench/device-loop.ts, which sits outside the packages and resolves them through here.
export type { VokeClient } from "@voke/sdk";

export type AuthMethod = "MTLS" | "TOKEN" | "PASSWORD";

export const AUTH_METHODS: readonly AuthMethod[] = AUTH_METHOD_VALUES;

export interface VokeUnderTest {
  readonly httpUrl: string;
  readonly mqttPort: number;
  readonly dataDir: string;
  /** The server's process id (this process unless started with `childProcess: true`). */
  readonly pid: number;
  /** The bootstrap admin token. */
  readonly token: string;
  readonly api: VokeClient;
  /** Stops the server gracefully (sessions closed, batched writes flushed). */
  stop(): Promise<void>;
  /** Stops and starts again on the same data directory and the same ports. */
  restart(): Promise<void>;
  /** Stops and removes the data directory. */
  dispose(): Promise<void>;
}

export interface StartOptions {
  /** Extra VOKE_* variables (e.g. VOKE_COMMAND_ACK_TIMEOUT_S). */
  env?: Record<string, string>;
  /** Run `voke-server start` as a child process (so it can be killed) instead of in this process. */
  childProcess?: boolean;
}

const SERVER_BIN = new URL("../src/bin.ts", import.meta.url).pathname;

/**
 * @example
 * const voke = await startVoke({ env: { VOKE_COMMAND_ACK_TIMEOUT_S: "1" } });
 * const { pkg } = await provisionPlant(voke.api, "PASSWORD");
 */
export async function startVoke(options: StartOptions = {}): Promise<VokeUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), "voke-loop-"));
  const token = `voke_test_${randomUUID().replaceAll("-", "")}`;
  const env: Record<string, string> = {
    VOKE_DATA_DIR: dataDir,
    VOKE_HTTP_HOST: "127.0.0.1",
    VOKE_HTTP_PORT: "0",
    VOKE_MQTT_HOST: "127.0.0.1",
    VOKE_MQTT_PORT: "0",
    VOKE_PUBLIC_MQTT_HOST: "localhost",
    VOKE_BOOTSTRAP_TOKEN: token,
    VOKE_LOG_LEVEL: "silent",
    ...options.env,
  };
  let running = options.childProcess ? await startChild(env) : await startInProcess(env);
  // Restarts keep the ports, so devices configured with them find the server again.
  env.VOKE_HTTP_PORT = String(running.httpPort);
  env.VOKE_MQTT_PORT = String(running.mqttPort);
  const api = createVokeClient({ baseUrl: running.httpUrl, token, maxRetries: 0, timeoutMs: 15_000 });
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.stop();
  };
  return {
    get httpUrl() {
      return running.httpUrl;
    },
    get mqttPort() {
      return running.mqttPort;
    },
    get pid() {
      return running.pid;
    },
    dataDir,
    token,
    api,
    stop,
    async restart() {
      await stop();
      running = options.childProcess ? await startChild(env) : await startInProcess(env);
      stopped = false;
    },
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Running {
  pid: number;
  httpUrl: string;
  httpPort: number;
  mqttPort: number;
  stop(): Promise<void>;
  /** Only for child processes: SIGKILL, no clean-up at all. */
  kill?(): Promise<void>;
}

async function startInProcess(env: Record<string, string>): Promise<Running> {
  const server: RunningServer = await startServer(loadConfig(env), {
    logger: createLogger({ level: "silent" }),
    print: () => {},
  });
  if (server.mqttPort === undefined) {
    throw new Error("the server started without an MQTT broker (RunningServer.mqttPort)");
  }
  return {
    pid: process.pid,
    httpUrl: server.httpUrl,
    httpPort: server.httpPort,
    mqttPort: server.mqttPort,
    stop: () => server.close(),
  };
}

/** The server as a child process, for crash tests: `killServer()` SIGKILLs it. */
export interface ChildServer extends Running {
  readonly child: ChildProcess;
}

async function startChild(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ["--conditions=@voke/source", SERVER_BIN, "start"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = await new Promise<{ httpUrl: string; mqttPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`voke-server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const http = output.match(/voke-server listening[^\n]*http=(\S+)/);
      const mqtt = output.match(/voke-server listening[^\n]*mqtt=\S*:(\d+)(?:\s|$)/);
      if (http && mqtt) {
        clearTimeout(timer);
        resolve({ httpUrl: http[1] as string, mqttPort: Number(mqtt[1]) });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`voke-server exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running: ChildServer = {
    child,
    pid: child.pid as number,
    httpUrl: listening.httpUrl,
    httpPort: Number(new URL(listening.httpUrl).port),
    mqttPort: listening.mqttPort,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  childServers.set(running.httpUrl, running);
  return running;
}

const childServers = new Map<string, ChildServer>();

/** SIGKILLs a server started with `childProcess: true` (no graceful stop, nothing flushed), then restarts it. */
export async function crashAndRestart(voke: VokeUnderTest): Promise<void> {
  const child = childServers.get(voke.httpUrl);
  if (!child?.kill) throw new Error("crashAndRestart needs a server started with { childProcess: true }");
  await child.kill();
  childServers.delete(voke.httpUrl);
  await voke.restart();
}

/** Creates a plant with a unique serial number and provisions it. */
export async function provisionPlant(
  api: VokeClient,
  authMethod: AuthMethod,
  name = `loop-${authMethod.toLowerCase()}`,
): Promise<{ plantId: string; pkg: ProvisioningPackage }> {
  const plant = await api.plants.create({
    name,
    serialNumber: `SN-${randomUUID().slice(0, 18)}`,
    type: "CONTROLLER",
    authMethod,
  });
  const pkg = (await api.plants.provision(plant.id)) as ProvisioningPackage;
  return { plantId: plant.id, pkg };
}

/** Connects a plant to the server under test with its package (a fresh JWT per connection for TOKEN plants). */
export function connectDevice(
  voke: VokeUnderTest,
  pkg: ProvisioningPackage,
  options: ConnectPlantOptions = {},
): Promise<PlantConnection> {
  const credentials: ConnectPlantOptions =
    pkg.authMethod === "TOKEN" && options.token === undefined && options.getToken === undefined
      ? { getToken: async () => (await voke.api.plants.issueMqttToken(pkg.plantId)).token }
      : {};
  return connectPlant(pkg, {
    host: "127.0.0.1",
    port: voke.mqttPort,
    reconnect: { minMs: 50, maxMs: 500 },
    ...credentials,
    ...options,
  });
}

/**
 * Polls `read` until `accept` holds for its value, and returns that value.
 *
 * @example const plant = await eventually(() => api.plants.get(id), (p) => p.status === "ONLINE", "ONLINE");
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Counts the plants' telemetry rows, folded and staged, straight from the server's SQLite file (read-only). */
export function countTelemetryRows(dataDir: string, plantIds: readonly string[]): number {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    const placeholders = plantIds.map(() => "?").join(",");
    const row = db
      .prepare(
        `SELECT (SELECT count(*) FROM telemetry WHERE plant_id IN (${placeholders}))
              + (SELECT count(*) FROM telemetry_recent WHERE plant_id IN (${placeholders})) AS n`,
      )
      .get(...plantIds, ...plantIds) as {
      n: number;
    };
    return Number(row.n);
  } finally {
    db.close();
  }
}
