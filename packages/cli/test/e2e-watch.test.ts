/**
 * `voke plants watch` and `voke plants telemetry` as real processes against the real server (TLS MQTT broker,
 * SQLite) with a simulated device: events in order, a server restart survived without loss, the stream
 * through a forward proxy, tenancy, and telemetry buckets that match the raw points.
 */

import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVokeClient } from "@voke/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  runServerCommand,
  type ServerProcess,
  startServerProcess,
} from "../../server/test/server-process.ts";
import {
  buildVoke,
  createVokeRunner,
  type E2eServer,
  type RunningVoke,
  serialNumber,
  startE2eServer,
  type VokeRunner,
} from "./e2e-support.ts";
import { createForwardProxy } from "./forward-proxy.ts";

interface WatchedEvent {
  id: string;
  type: string;
  at: string;
  plantId: string;
  data: Record<string, unknown>;
}

let server: E2eServer;
let entry: string;
let voke: VokeRunner;
const running: RunningVoke[] = [];
const dir = mkdtempSync(join(tmpdir(), "voke-e2e-watch-"));

beforeAll(async () => {
  [server, entry] = await Promise.all([startE2eServer(), buildVoke()]);
  voke = createVokeRunner(entry, { VOKE_API_URL: server.httpUrl, VOKE_TOKEN: server.adminToken });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((process) => process.stop("SIGKILL")));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The NDJSON events a piped `watch` printed so far. */
function eventsOf(watch: RunningVoke): WatchedEvent[] {
  return watch
    .stdout()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as WatchedEvent);
}

async function until<T>(
  read: () => T,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function watch(runner: VokeRunner, args: string[], env?: Record<string, string | undefined>): RunningVoke {
  const process = runner.spawn(["plants", "watch", ...args], env ? { env } : {});
  running.push(process);
  return process;
}

async function simulatedPlant(): Promise<{ id: string; simulator: RunningVoke }> {
  const serial = serialNumber("WATCH");
  const plant = await server.api.plants.create({
    name: "Watched",
    serialNumber: serial,
    type: "GATEWAY",
    authMethod: "MTLS",
  });
  const file = join(dir, `voke-${serial}.json`);
  const download = await voke.run(["provision", "download", plant.id, "--file", file]);
  if (download.code !== 0) throw new Error(`provision download failed: ${download.stderr}`);
  const simulator = voke.spawn(["device", "simulate", "--package", file, "--interval", "300ms"]);
  running.push(simulator);
  await simulator.waitForStderr(/connected plant /, 20_000);
  return { id: plant.id, simulator };
}

describe("voke plants watch", () => {
  it("prints telemetry, a command's state changes and an alert from a simulated device, in order, as NDJSON when piped", async () => {
    const { id } = await simulatedPlant();
    // --after-id 0 replays from the server's window: nothing published before the stream opened is missed.
    const watcher = watch(voke, [id, "--after-id", "0"]);
    await until(
      () => eventsOf(watcher),
      (events) => events.filter((e) => e.type === "telemetry").length >= 2,
      "telemetry",
    );
    const command = await server.api.commands.send(id, { command: "reboot" });
    await until(
      () => eventsOf(watcher),
      (events) => events.some((e) => e.type === "command" && e.data.status === "SUCCEEDED"),
      "the command to succeed",
    );
    await server.api.alertRules.create({
      name: "always",
      metric: "powerKw",
      condition: "GT",
      threshold: -1e9,
      plantId: id,
    });
    const events = await until(
      () => eventsOf(watcher),
      (list) => list.some((e) => e.type === "alert"),
      "an alert",
    );

    expect(events.every((e) => e.plantId === id)).toBe(true);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const types = events.map((e) => e.type);
    expect(types).toContain("presence");
    const states = events
      .filter((e) => e.type === "command" && e.data.commandId === command.id)
      .map((e) => e.data.status);
    expect(states).toEqual(["QUEUED", "SENT", "SUCCEEDED"]);
    const firstTelemetry = types.indexOf("telemetry");
    const queued = events.findIndex((e) => e.type === "command");
    const alert = types.indexOf("alert");
    expect(firstTelemetry).toBeLessThan(queued);
    expect(queued).toBeLessThan(alert);
    const telemetry = events.find((e) => e.type === "telemetry") as WatchedEvent;
    expect(Object.keys(telemetry.data.metrics as object)).toContain("powerKw");
    expect((events[alert] as WatchedEvent).data.metric).toBe("powerKw");
  }, 60_000);

  it("telemetry buckets match the raw points they summarize", async () => {
    const { id, simulator } = await simulatedPlant();
    const read = async (args: string[]) => {
      const result = await voke.run([
        "plants",
        "telemetry",
        id,
        "--since",
        "10m",
        "--metric",
        "powerKw",
        "-o",
        "json",
        ...args,
      ]);
      if (result.code !== 0) throw new Error(result.stderr);
      return JSON.parse(result.stdout) as Record<string, unknown>[];
    };
    await until(
      () => simulator.stderr(),
      (text) => (text.match(/telemetry sent/g) ?? []).length >= 6,
      "six messages",
    );
    // Stopped, so both reads see the same points.
    await simulator.stop("SIGTERM");
    const raw = await read([]);
    const buckets = await read(["--resolution", "1m"]);
    expect(raw.length).toBeGreaterThanOrEqual(6);
    expect(buckets.length).toBeGreaterThanOrEqual(1);
    let summarized = 0;
    for (const bucket of buckets) {
      expect(bucket.metric).toBe("powerKw");
      const start = Date.parse(String(bucket.start));
      const inside = raw.filter(
        (p) => Date.parse(String(p.ts)) >= start && Date.parse(String(p.ts)) < start + 60_000,
      );
      const values = inside.map((p) => Number(p.powerKw));
      summarized += values.length;
      expect(bucket.count).toBe(values.length);
      expect(bucket.min).toBe(Math.min(...values));
      expect(bucket.max).toBe(Math.max(...values));
      expect(bucket.last).toBe(values.at(-1));
      expect(Number(bucket.avg)).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    }
    expect(summarized).toBe(raw.length);

    const chart = await voke.run(
      ["plants", "telemetry", id, "--since", "10m", "--metric", "powerKw", "--chart"],
      {
        env: { VOKE_FORCE_TTY: "1", NO_COLOR: "1" },
      },
    );
    expect(chart.code).toBe(0);
    expect(chart.stdout).toContain("powerKw");
    expect(chart.stdout).toMatch(/┤/);
  }, 60_000);

  it("goes through the forward proxy the environment names", async () => {
    const proxied: string[] = [];
    const proxy = createForwardProxy(new URL(server.httpUrl).port, proxied);
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", () => resolve()));
    try {
      const plant = await server.api.plants.create({
        name: "Proxied",
        serialNumber: serialNumber("PROXY"),
        type: "SENSOR",
        authMethod: "PASSWORD",
      });
      const port = (proxy.address() as AddressInfo).port;
      const watcher = watch(voke, [plant.id, "--after-id", "0"], {
        VOKE_API_URL: `http://voke.invalid:${new URL(server.httpUrl).port}`,
        HTTP_PROXY: `http://127.0.0.1:${port}`,
        NO_PROXY: undefined,
      });
      await server.api.plants.provision(plant.id);
      const [event] = await until(
        () => eventsOf(watcher),
        (events) => events.length > 0,
        "an event through the proxy",
      );
      expect(event).toMatchObject({
        type: "lifecycle",
        plantId: plant.id,
        data: { from: "PENDING", to: "PROVISIONED" },
      });
      expect(
        proxied.some((line) => line.startsWith("GET http://voke.invalid") && line.includes("/api/v1/events")),
      ).toBe(true);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  }, 60_000);

  it("shows another organization none of this one's events", async () => {
    const orgId = runServerCommand(server.dataDir, [
      "org",
      "create",
      "--name",
      `Other ${serialNumber()}`,
    ]).stdout.trim();
    const token = runServerCommand(server.dataDir, [
      "token",
      "create",
      "--org",
      orgId,
      "--role",
      "admin",
      "--name",
      "b",
    ]).stdout.trim();
    const other = createVokeClient({ baseUrl: server.httpUrl, token, maxRetries: 0 });
    const watcherB = watch(voke, ["--after-id", "0"], { VOKE_TOKEN: token });
    const watcherA = watch(voke, ["--type", "lifecycle"]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const mine = await server.api.plants.create({
      name: "A",
      serialNumber: serialNumber("ORGA"),
      type: "SENSOR",
      authMethod: "PASSWORD",
    });
    await server.api.plants.provision(mine.id);
    const theirs = await other.plants.create({
      name: "B",
      serialNumber: serialNumber("ORGB"),
      type: "SENSOR",
      authMethod: "PASSWORD",
    });
    await other.plants.provision(theirs.id);
    await until(
      () => eventsOf(watcherA),
      (events) => events.some((e) => e.plantId === mine.id),
      "A's event",
    );
    const seenByB = await until(
      () => eventsOf(watcherB),
      (events) => events.some((e) => e.plantId === theirs.id),
      "B's event",
    );
    expect(seenByB.map((e) => e.plantId)).toEqual([theirs.id]);
    expect(watcherB.stdout()).not.toContain(mine.id);
    expect(eventsOf(watcherA).some((e) => e.plantId === theirs.id)).toBe(false);
  }, 60_000);

  it("exits 4 when the token is refused", async () => {
    const result = await voke.run(["plants", "watch"], {
      env: { VOKE_TOKEN: "vok_not_a_real_token_000000" },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/UNAUTHORIZED|token/i);
  }, 30_000);
});

describe("voke plants watch across a server restart", () => {
  let restartable: ServerProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "voke-e2e-watch-restart-"));
  afterAll(async () => {
    await restartable?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("says the connection was lost, resumes with Last-Event-ID and loses nothing", async () => {
    const admin = "voke_e2e_restart_0123456789abcdef";
    const env = { VOKE_BOOTSTRAP_TOKEN: admin, VOKE_LOG_LEVEL: "warn", VOKE_PUBLIC_MQTT_HOST: "localhost" };
    restartable = await startServerProcess(dataDir, env);
    const url = restartable.httpUrl;
    const api = createVokeClient({ baseUrl: url, token: admin, maxRetries: 0 });
    const runner = createVokeRunner(entry, { VOKE_API_URL: url, VOKE_TOKEN: admin });
    const plant = await api.plants.create({
      name: "R",
      serialNumber: serialNumber("RESTART"),
      type: "SENSOR",
      authMethod: "PASSWORD",
    });
    const watcher = watch(runner, [plant.id, "--after-id", "0"]);
    await api.plants.provision(plant.id);
    await api.commands.send(plant.id, { command: "before-restart" });
    await until(
      () => eventsOf(watcher),
      (events) => events.length >= 2,
      "the events before the restart",
    );

    await restartable.stop();
    restartable = await startServerProcess(dataDir, { ...env, VOKE_HTTP_PORT: new URL(url).port });
    // Published before the watcher is back: only the replay window can bring them.
    const sent = [];
    for (const command of ["after-1", "after-2", "after-3"])
      sent.push(await api.commands.send(plant.id, { command }));

    const events = await until(
      () => eventsOf(watcher),
      (list) => list.length >= 5,
      "the events after the restart",
    );
    expect(events.map((e) => e.type)).toEqual(["lifecycle", "command", "command", "command", "command"]);
    expect(events.slice(2).map((e) => e.data.commandId)).toEqual(sent.map((c) => c.id));
    const ids = events.map((e) => Number(e.id));
    const first = ids[0] as number;
    expect(ids).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
    expect(watcher.stderr()).toMatch(/connection lost .*reconnecting/);
    expect(watcher.stderr()).toMatch(/resuming after event \d+/);
  }, 90_000);
});
