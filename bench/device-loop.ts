/**
 * Device-loop benchmark against the real server (a child process, so its memory is its own): command round
 * trip (API POST → device ack → API shows SUCCEEDED) over 500 commands, and telemetry ingest with 500
 * connected plants at QoS 1, counting what reached the database and the server's memory per plant.
 *
 * Then the broker against Debian's mosquitto as an anchor, in the same run (bench/mosquitto-anchor.ts): broker
 * CPU per QoS 1 message, msgs/s at 4 in flight per client, and 1,000 simultaneous mTLS connects.
 *
 * Run: `node --conditions=@voke/source bench/device-loop.ts` (or `pnpm bench` after a build).
 */

import { readFileSync } from "node:fs";
import {
  connectDevice,
  countTelemetryRows,
  type PlantConnection,
  type ProvisioningPackage,
  provisionPlant,
  startVoke,
  type VokeClient,
  type VokeUnderTest,
} from "../packages/server/test/device-loop-support.ts";
import {
  type AnchorPlant,
  type ConnectFigures,
  measureConnectStorm,
  measureThroughput,
  startMosquitto,
  type ThroughputFigures,
} from "../packages/server/test/mosquitto-anchor.ts";
import type { BenchResult } from "./report.ts";

export interface DeviceLoopOptions {
  commands?: number;
  plants?: number;
  messagesPerPlant?: number;
  /** QoS 1 messages each plant keeps in flight. */
  window?: number;
  /** Anchor: clients publishing side by side on both brokers, messages each, and simultaneous mTLS connects. */
  anchorClients?: number;
  anchorMessagesPerClient?: number;
  anchorConnects?: number;
  /** Extra NODE_OPTIONS for the server process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
  serverNodeOptions?: string;
}

export interface AnchorResult {
  inFlight: number;
  voke: { throughput: ThroughputFigures; connect: ConnectFigures };
  mosquitto: { throughput: ThroughputFigures; connect: ConnectFigures };
  /** voke ÷ mosquitto: CPU per message (≤ 4), msgs/s (≥ 0.6), connect-storm time (≤ 2). */
  cpuPerMessageRatio: number;
  throughputRatio: number;
  connectTimeRatio: number;
  met: boolean;
}

export interface DeviceLoopResult {
  commandRoundTrip: {
    count: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** Median of each leg, to show where the time goes. */
    legsP50Ms: { postReply: number; postToDevice: number; deviceToSucceeded: number };
  };
  telemetry: {
    plants: number;
    sent: number;
    stored: number;
    lost: number;
    seconds: number;
    messagesPerSecond: number;
  };
  memory: {
    serverRssBeforeMiB: number;
    serverRssAfterMiB: number;
    perPlantKiB: number;
  };
  anchor: AnchorResult;
  targets: { p50Ms: number; messagesPerSecond: number; met: boolean };
}

const TARGET_P50_MS = 15;
const TARGET_MESSAGES_PER_SECOND = 5000;

export async function run(options: DeviceLoopOptions = {}): Promise<DeviceLoopResult> {
  const commands = options.commands ?? 500;
  const plants = options.plants ?? 500;
  const messagesPerPlant = options.messagesPerPlant ?? 40;
  const window = options.window ?? 10;
  const voke = await startVoke({
    childProcess: true,
    // The benchmark is a flood by design: quotas off.
    env: {
      VOKE_COMMAND_ACK_TIMEOUT_S: "60",
      VOKE_MQTT_TELEMETRY_PER_SECOND: "1000000",
      ...(options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {}),
    },
  });
  try {
    const commandRoundTrip = await measureCommandRoundTrip(voke, commands);
    const { telemetry, memory } = await measureTelemetry(voke, plants, messagesPerPlant, window);
    const anchor = await measureAgainstMosquitto(voke, {
      clients: options.anchorClients ?? 100,
      messagesPerClient: options.anchorMessagesPerClient ?? 200,
      connects: options.anchorConnects ?? 1000,
      inFlight: 4,
    });
    return {
      commandRoundTrip,
      telemetry,
      memory,
      anchor,
      targets: {
        p50Ms: TARGET_P50_MS,
        messagesPerSecond: TARGET_MESSAGES_PER_SECOND,
        met:
          commandRoundTrip.p50Ms <= TARGET_P50_MS &&
          telemetry.messagesPerSecond >= TARGET_MESSAGES_PER_SECOND &&
          telemetry.lost === 0 &&
          anchor.met,
      },
    };
  } finally {
    await voke.dispose();
  }
}

async function measureCommandRoundTrip(
  voke: VokeUnderTest,
  count: number,
): Promise<DeviceLoopResult["commandRoundTrip"]> {
  const { plantId, pkg } = await provisionPlant(voke.api, "PASSWORD", "bench-commands");
  const device = await connectDevice(voke, pkg, { onCommand: () => ({ response: { ok: true } }) });
  const total: number[] = [];
  const legs = { postReply: [] as number[], postToDevice: [] as number[], deviceToSucceeded: [] as number[] };
  const warmUp = 20;
  try {
    // The first rounds are not measured: they warm up the JIT, the HTTP keep-alive pool and SQLite's caches.
    for (let i = 0; i < count + warmUp; i += 1) {
      let deviceAt = 0;
      let unhook: () => void = () => {};
      // The device may see the command before the POST's reply arrives, so listen first.
      const handled = new Promise<string>((resolve) => {
        unhook = device.on("commandHandled", ({ command }) => {
          deviceAt = performance.now();
          resolve(command.cmdId);
        });
      });
      const start = performance.now();
      const command = await voke.api.commands.send(plantId, { command: "bench", payload: { i } });
      const replyAt = performance.now();
      const cmdId = await handled;
      unhook();
      if (cmdId !== command.cmdId) throw new Error(`the device handled ${cmdId}, not ${command.cmdId}`);
      await waitForSucceeded(voke.api, plantId, command.id, i);
      const doneAt = performance.now();
      if (i < warmUp) continue;
      total.push(doneAt - start);
      legs.postReply.push(replyAt - start);
      legs.postToDevice.push(deviceAt - start);
      legs.deviceToSucceeded.push(doneAt - deviceAt);
    }
  } finally {
    await device.close();
  }
  return {
    count,
    p50Ms: round(percentile(total, 50)),
    p99Ms: round(percentile(total, 99)),
    maxMs: round(Math.max(...total)),
    legsP50Ms: {
      postReply: round(percentile(legs.postReply, 50)),
      postToDevice: round(percentile(legs.postToDevice, 50)),
      deviceToSucceeded: round(percentile(legs.deviceToSucceeded, 50)),
    },
  };
}

/** The i-th command of a plant sits on page ⌊i / 100⌋ + 1 of its oldest-first list. */
async function waitForSucceeded(api: VokeClient, plantId: string, id: string, index: number): Promise<void> {
  const page = Math.floor(index / 100) + 1;
  for (let attempt = 0; attempt < 5000; attempt += 1) {
    const { data } = await api.commands.list(plantId, { page, limit: 100 });
    const command = data.find((c) => c.id === id);
    if (command?.status === "SUCCEEDED") return;
    if (command && command.status !== "SENT" && command.status !== "QUEUED") {
      throw new Error(`command ${id} ended ${command.status}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`command ${id} never showed SUCCEEDED`);
}

async function measureTelemetry(
  voke: VokeUnderTest,
  plants: number,
  messagesPerPlant: number,
  window: number,
): Promise<Pick<DeviceLoopResult, "telemetry" | "memory">> {
  const packages = await inBatches(plants, 16, (i) =>
    provisionPlant(voke.api, "PASSWORD", `bench-telemetry-${i}`),
  );
  const rssBefore = serverRss(voke.pid);
  const devices: PlantConnection[] = await inBatches(plants, 50, (i) =>
    connectDevice(voke, (packages[i] as { pkg: ProvisioningPackage }).pkg),
  );
  try {
    // Let the broker settle (presence writes, queued-command checks) before measuring memory.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssAfter = serverRss(voke.pid);

    const sent = plants * messagesPerPlant;
    const start = performance.now();
    await Promise.all(
      devices.map(async (device, p) => {
        let next = 0;
        const lane = async () => {
          while (next < messagesPerPlant) {
            const n = next++;
            await device.publishTelemetry({ producedKwh: n, soc: (p + n) % 100 });
          }
        };
        await Promise.all(Array.from({ length: window }, lane));
      }),
    );
    const seconds = (performance.now() - start) / 1000;

    const plantIds = packages.map((entry) => entry.plantId);
    const stored = await settledCount(() => countTelemetryRows(voke.dataDir, plantIds), sent);
    return {
      telemetry: {
        plants,
        sent,
        stored,
        lost: sent - stored,
        seconds: round(seconds),
        messagesPerSecond: Math.round(sent / seconds),
      },
      memory: {
        serverRssBeforeMiB: round(rssBefore / 1024 / 1024),
        serverRssAfterMiB: round(rssAfter / 1024 / 1024),
        perPlantKiB: round((rssAfter - rssBefore) / 1024 / plants),
      },
    };
  } finally {
    await Promise.all(devices.map((device) => device.close(1000)));
  }
}

/** The same MQTT.js load on the Voke broker and on mosquitto (certificates from the Voke CA), one after the other. */
async function measureAgainstMosquitto(
  voke: VokeUnderTest,
  options: { clients: number; messagesPerClient: number; connects: number; inFlight: number },
): Promise<AnchorResult> {
  const plants: AnchorPlant[] = await inBatches(
    Math.max(options.clients, options.connects),
    16,
    async (i) => ({
      pkg: (await provisionPlant(voke.api, "MTLS", `bench-anchor-${i}`)).pkg,
    }),
  );
  const mosquitto = await startMosquitto(voke.dataDir);
  try {
    const vokeBroker = { name: "voke" as const, port: voke.mqttPort, pid: voke.pid };
    const publishers = plants.slice(0, options.clients);
    // A short warm-up on each broker first (JIT, SQLite pages, TLS session setup).
    await measureThroughput(vokeBroker, publishers.slice(0, 10), 50, options.inFlight);
    await measureThroughput(mosquitto, publishers.slice(0, 10), 50, options.inFlight);
    const vokeThroughput = await measureThroughput(
      vokeBroker,
      publishers,
      options.messagesPerClient,
      options.inFlight,
    );
    const mosquittoThroughput = await measureThroughput(
      mosquitto,
      publishers,
      options.messagesPerClient,
      options.inFlight,
    );
    const stormers = plants.slice(0, options.connects);
    const vokeConnect = await measureConnectStorm(vokeBroker, stormers);
    const mosquittoConnect = await measureConnectStorm(mosquitto, stormers);
    const cpuPerMessageRatio = round(vokeThroughput.cpuPerMessageMs / mosquittoThroughput.cpuPerMessageMs);
    const throughputRatio = round(vokeThroughput.messagesPerSecond / mosquittoThroughput.messagesPerSecond);
    const connectTimeRatio = round(vokeConnect.seconds / mosquittoConnect.seconds);
    return {
      inFlight: options.inFlight,
      voke: { throughput: vokeThroughput, connect: vokeConnect },
      mosquitto: { throughput: mosquittoThroughput, connect: mosquittoConnect },
      cpuPerMessageRatio,
      throughputRatio,
      connectTimeRatio,
      met:
        cpuPerMessageRatio <= 4 &&
        throughputRatio >= 0.6 &&
        connectTimeRatio <= 2 &&
        vokeConnect.connected === vokeConnect.clients &&
        vokeThroughput.lostPubacks === 0,
    };
  } finally {
    await mosquitto.stop();
  }
}

/** Reads the count until it reaches `expected` or stops moving for a second (whatever is missing is lost). */
async function settledCount(read: () => number, expected: number): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const count = read();
    if (count >= expected) return count;
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 1000) {
      return count;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `make(i)` for i < count with at most `concurrency` at a time, keeping the order of results. */
async function inBatches<T>(
  count: number,
  concurrency: number,
  make: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await make(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Resident set size of a process, from /proc (Linux). */
function serverRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = status.match(/^VmRSS:\s+(\d+) kB$/m);
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib[1]) * 1024;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The figures in the shape `bench/run-all.ts` collects into bench/RESULTS.md. */
export function toBenchResult(result: DeviceLoopResult): BenchResult {
  const { commandRoundTrip: c, telemetry: t, memory: m, targets } = result;
  return {
    name: "device-loop",
    rows: [
      {
        metric: `command round trip p50 (${c.count} commands, API POST → device ack → API shows SUCCEEDED)`,
        value: `${c.p50Ms} ms`,
        target: `≤ ${targets.p50Ms} ms`,
        met: c.p50Ms <= targets.p50Ms,
      },
      { metric: "command round trip p99", value: `${c.p99Ms} ms` },
      {
        metric: `telemetry ingest (${t.plants} connected plants, QoS 1)`,
        value: `${t.messagesPerSecond} msgs/s`,
        target: `≥ ${targets.messagesPerSecond} msgs/s`,
        met: t.messagesPerSecond >= targets.messagesPerSecond,
      },
      {
        metric: "telemetry sent / stored / lost",
        value: `${t.sent} / ${t.stored} / ${t.lost}`,
        target: "0 lost",
        met: t.lost === 0,
      },
      { metric: "server memory per connected plant", value: `${m.perPlantKiB} KiB` },
      ...anchorRows(result.anchor),
    ],
    notes: [
      `Round-trip legs (p50): POST reply ${c.legsP50Ms.postReply} ms, POST → device ${c.legsP50Ms.postToDevice} ms, device → SUCCEEDED shown ${c.legsP50Ms.deviceToSucceeded} ms.`,
    ],
  };
}

function anchorRows(a: AnchorResult): BenchResult["rows"] {
  const v = a.voke;
  const m = a.mosquitto;
  return [
    {
      metric: `broker CPU per QoS 1 message, voke / mosquitto (${v.throughput.messages} msgs, ${a.inFlight} in flight per client)`,
      value: `${v.throughput.cpuPerMessageMs} / ${m.throughput.cpuPerMessageMs} ms = ${a.cpuPerMessageRatio}×`,
      target: "≤ 4×",
      met: a.cpuPerMessageRatio <= 4,
    },
    {
      metric: "telemetry msgs/s, voke / mosquitto (same clients and payloads)",
      value: `${v.throughput.messagesPerSecond} / ${m.throughput.messagesPerSecond} = ${a.throughputRatio}×`,
      target: "≥ 0.6×",
      met: a.throughputRatio >= 0.6,
    },
    {
      metric: `${v.connect.clients} simultaneous mTLS connects, voke / mosquitto (connected, seconds)`,
      value: `${v.connect.connected} in ${v.connect.seconds} s / ${m.connect.connected} in ${m.connect.seconds} s = ${a.connectTimeRatio}×`,
      target: "all, ≤ 2×",
      met: a.connectTimeRatio <= 2 && v.connect.connected === v.connect.clients,
    },
    {
      metric: "PUBACKs lost, voke / mosquitto",
      value: `${v.throughput.lostPubacks} / ${m.throughput.lostPubacks}`,
      target: "0",
      met: v.throughput.lostPubacks === 0,
    },
  ];
}

function printTable(result: DeviceLoopResult): void {
  const { commandRoundTrip: c, telemetry: t, memory: m, targets } = result;
  const rows: Array<[string, string, string]> = [
    ["command round trip p50", `${c.p50Ms} ms`, `≤ ${targets.p50Ms} ms`],
    ["command round trip p99", `${c.p99Ms} ms`, ""],
    ["command round trip max", `${c.maxMs} ms`, ""],
    ["  leg: POST reply (p50)", `${c.legsP50Ms.postReply} ms`, ""],
    ["  leg: POST → device (p50)", `${c.legsP50Ms.postToDevice} ms`, ""],
    ["  leg: device → SUCCEEDED shown (p50)", `${c.legsP50Ms.deviceToSucceeded} ms`, ""],
    [
      `telemetry ingest (${t.plants} plants, QoS 1)`,
      `${t.messagesPerSecond} msgs/s`,
      `≥ ${targets.messagesPerSecond} msgs/s`,
    ],
    ["telemetry sent / stored / lost", `${t.sent} / ${t.stored} / ${t.lost}`, "lost = 0"],
    ["server RSS before → after connecting", `${m.serverRssBeforeMiB} → ${m.serverRssAfterMiB} MiB`, ""],
    ["server memory per connected plant", `${m.perPlantKiB} KiB`, ""],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  const valueWidth = Math.max(...rows.map((row) => row[1].length));
  process.stdout.write(
    `device loop (${c.count} commands; ${t.plants} plants × ${t.sent / t.plants} messages)\n`,
  );
  for (const [name, value, target] of rows) {
    process.stdout.write(`${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${target}\n`);
  }
  for (const row of anchorRows(result.anchor)) {
    process.stdout.write(
      `${row.metric}: ${row.value} (target ${row.target}: ${row.met ? "met" : "MISSED"})\n`,
    );
  }
  process.stdout.write(`targets ${targets.met ? "met" : "MISSED"}\n`);
}

if (import.meta.main) {
  // `--anchor-only`: skip the round-trip and 500-plant parts (for profiling the broker against mosquitto).
  const anchorOnly = process.argv.includes("--anchor-only");
  // `--server-cpu-prof=DIR`: the server runs under `node --cpu-prof` and writes its profile to DIR on exit.
  const profileDir = process.argv.find((arg) => arg.startsWith("--server-cpu-prof="))?.split("=")[1];
  const result = await run({
    ...(anchorOnly ? { commands: 5, plants: 5, messagesPerPlant: 5 } : {}),
    ...(profileDir ? { serverNodeOptions: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
  });
  printTable(result);
}
