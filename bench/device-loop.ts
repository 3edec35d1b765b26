/**
 * Device-loop benchmark against the real server (a child process, so its memory is its own): command round
 * trip (API POST → device ack → API shows SUCCEEDED) over 500 commands, and telemetry ingest with 500
 * connected plants at QoS 1, counting what reached the database and the server's memory per plant.
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
import type { BenchResult } from "./report.ts";

export interface DeviceLoopOptions {
  commands?: number;
  plants?: number;
  messagesPerPlant?: number;
  /** QoS 1 messages each plant keeps in flight. */
  window?: number;
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
  targets: { p50Ms: number; messagesPerSecond: number; met: boolean };
}

const TARGET_P50_MS = 15;
const TARGET_MESSAGES_PER_SECOND = 5000;

export async function run(options: DeviceLoopOptions = {}): Promise<DeviceLoopResult> {
  const commands = options.commands ?? 500;
  const plants = options.plants ?? 500;
  const messagesPerPlant = options.messagesPerPlant ?? 40;
  const window = options.window ?? 10;
  const voke = await startVoke({ childProcess: true, env: { VOKE_COMMAND_ACK_TIMEOUT_S: "60" } });
  try {
    const commandRoundTrip = await measureCommandRoundTrip(voke, commands);
    const { telemetry, memory } = await measureTelemetry(voke, plants, messagesPerPlant, window);
    return {
      commandRoundTrip,
      telemetry,
      memory,
      targets: {
        p50Ms: TARGET_P50_MS,
        messagesPerSecond: TARGET_MESSAGES_PER_SECOND,
        met:
          commandRoundTrip.p50Ms <= TARGET_P50_MS &&
          telemetry.messagesPerSecond >= TARGET_MESSAGES_PER_SECOND &&
          telemetry.lost === 0,
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
    ],
    notes: [
      `Round-trip legs (p50): POST reply ${c.legsP50Ms.postReply} ms, POST → device ${c.legsP50Ms.postToDevice} ms, device → SUCCEEDED shown ${c.legsP50Ms.deviceToSucceeded} ms.`,
    ],
  };
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
  process.stdout.write(`targets ${targets.met ? "met" : "MISSED"}\n`);
}

if (import.meta.main) {
  const result = await run();
  printTable(result);
}
