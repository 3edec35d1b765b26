/**
 * Events and telemetry history benchmark against the real server (a child process):
 * - 500 connected plants publishing; device publish → line printed by a real `voke plants watch` process
 *   (p50 ≤ 20 ms, p99 ≤ 100 ms);
 * - 100 concurrent event streams (SDK, in this process) during a burst: events lost (target 0) and the
 *   server's memory per open stream;
 * - telemetry history over 1,000,000 points: a 24 h window at 1-minute resolution (≤ 100 ms).
 *
 * Run: `node --conditions=@voke/source bench/events.ts` after `pnpm build` (the CLI bundle), or via run-all.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createVokeClient } from "../packages/sdk/src/index.ts";
import { createTelemetryHistoryService } from "../packages/server/src/services/telemetry-history.ts";
import { openStore } from "../packages/server/src/storage/store.ts";
import {
  connectDevice,
  type PlantConnection,
  provisionPlant,
  startVoke,
} from "../packages/server/test/device-loop-support.ts";
import type { BenchResult } from "./report.ts";

const root = new URL("..", import.meta.url).pathname;
const cliEntry = join(root, "packages/cli/dist/voke.js");

const PLANTS = Number(process.env.BENCH_EVENTS_PLANTS ?? 500);
const SAMPLES = 300;
const WATCHERS = 100;
const BURST = 2000;
const HISTORY_POINTS = Number(process.env.BENCH_EVENTS_HISTORY ?? 1_000_000);

export async function run(): Promise<BenchResult> {
  if (!existsSync(cliEntry)) throw new Error(`${cliEntry} is missing: run \`pnpm build\` first`);
  const voke = await startVoke({ childProcess: true });
  const connections: PlantConnection[] = [];
  const rows: BenchResult["rows"] = [];
  const notes: string[] = [];
  try {
    process.stderr.write(`events: provisioning and connecting ${PLANTS} plants…\n`);
    const plants = [];
    for (let i = 0; i < PLANTS; i += 25) {
      plants.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, PLANTS - i) }, () => provisionPlant(voke.api, "PASSWORD")),
        )),
      );
    }
    for (let i = 0; i < plants.length; i += 50) {
      connections.push(
        ...(await Promise.all(plants.slice(i, i + 50).map(({ pkg }) => connectDevice(voke, pkg)))),
      );
    }

    // Background load: every plant publishes about once a second while the latency is measured.
    let loading = true;
    const background = (async () => {
      while (loading) {
        const started = performance.now();
        for (const connection of connections.slice(1)) {
          if (!loading) break;
          void connection.publishTelemetry({ powerKw: Math.random() * 5, soc: 50 }).catch(() => {});
          await new Promise((resolve) => setTimeout(resolve, 1000 / PLANTS));
        }
        const left = 1000 - (performance.now() - started);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      }
    })();

    const probe = connections[0] as PlantConnection;
    const probeId = (plants[0] as { plantId: string }).plantId;
    const latencies = await measureWatchLatency(voke.httpUrl, voke.token, probeId, probe);
    loading = false;
    await background;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    rows.push(
      {
        metric: `publish → line printed by \`voke plants watch\` p50 (${PLANTS} plants publishing ~1/s)`,
        value: `${p50.toFixed(1)} ms`,
        target: "≤ 20 ms",
        met: p50 <= 20,
      },
      {
        metric: "publish → line printed p99",
        value: `${p99.toFixed(1)} ms`,
        target: "≤ 100 ms",
        met: p99 <= 100,
      },
    );

    const fan = await measureWatchers(voke.httpUrl, voke.token, voke.pid, connections);
    rows.push(
      {
        metric: `${WATCHERS} concurrent streams, ${BURST} events each: events lost`,
        value: String(fan.lost),
        target: "0",
        met: fan.lost === 0,
      },
      { metric: "server memory per open stream", value: `${fan.perStreamKiB.toFixed(0)} KiB` },
    );
  } finally {
    await Promise.all(connections.map((connection) => connection.close(0).catch(() => {})));
    await voke.dispose();
  }

  const history = measureHistory();
  rows.push(
    {
      metric: `telemetry history, 24 h at 1-minute resolution over ${HISTORY_POINTS.toLocaleString("en")} points (median of 20)`,
      value: `${history.medianMs.toFixed(1)} ms`,
      target: "≤ 100 ms",
      met: history.medianMs <= 100,
    },
    { metric: "same, 24 h at 1-hour resolution", value: `${history.hourlyMs.toFixed(1)} ms` },
  );
  notes.push(
    `Server as a child process on loopback; the watcher is the built CLI (\`voke plants watch --type telemetry\`, NDJSON on a pipe) reading the stream; ${SAMPLES} probe messages from one plant, one every 20 ms, while the other ${PLANTS - 1} publish about once a second each. The ${WATCHERS} streams are SDK iterators in the bench process. History: ${HISTORY_POINTS.toLocaleString("en")} points (2 metrics each) of one plant over 24 h in a SQLite file, answered by the same service the route uses.`,
  );
  return { name: "events (GET /api/v1/events, telemetry history)", rows, notes };
}

async function measureWatchLatency(
  url: string,
  token: string,
  plantId: string,
  probe: PlantConnection,
): Promise<number[]> {
  const configDir = mkdtempSync(join(tmpdir(), "voke-bench-cfg-"));
  const watcher = spawn(process.execPath, [cliEntry, "plants", "watch", plantId, "--type", "telemetry"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VOKE_API_URL: url,
      VOKE_TOKEN: token,
      VOKE_CONFIG_DIR: configDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  watcher.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    errors += chunk;
  });
  const printed = new Map<number, number>();
  let buffered = "";
  watcher.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const at = performance.now();
    buffered += chunk;
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      const seq = (JSON.parse(line) as { data: { metrics: { seq?: number } } }).data.metrics.seq;
      if (seq !== undefined) printed.set(seq, at);
      end = buffered.indexOf("\n");
    }
  });
  try {
    // Warm-up until the watcher prints.
    for (let seq = -1; printed.size === 0; seq--) {
      await probe.publishTelemetry({ seq });
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (seq < -100)
        throw new Error(
          `the watcher printed nothing: ${errors} ${buffered.slice(0, 500)} ${[...printed.keys()].slice(0, 5)}`,
        );
    }
    const sentAt = new Map<number, number>();
    for (let seq = 1; seq <= SAMPLES; seq++) {
      sentAt.set(seq, performance.now());
      void probe.publishTelemetry({ seq });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deadline = Date.now() + 10_000;
    while ([...sentAt.keys()].some((seq) => !printed.has(seq)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    return [...sentAt].map(([seq, at]) => (printed.get(seq) ?? Number.POSITIVE_INFINITY) - at);
  } finally {
    watcher.kill("SIGKILL");
    rmSync(configDir, { recursive: true, force: true });
  }
}

async function measureWatchers(url: string, token: string, pid: number, connections: PlantConnection[]) {
  const before = serverRss(pid);
  const stop = new AbortController();
  const client = createVokeClient({ baseUrl: url, token, maxRetries: 0 });
  const counts = Array.from({ length: WATCHERS }, () => 0);
  let opened = 0;
  const streams = counts.map(async (_, index) => {
    for await (const event of client.events.stream({
      types: ["telemetry"],
      signal: stop.signal,
      onOpen: () => opened++,
    })) {
      if ((event.data as { metrics?: { burst?: number } }).metrics?.burst !== undefined) counts[index]++;
    }
  });
  while (opened < WATCHERS) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const open = serverRss(pid);
  for (let i = 0; i < BURST; i++) {
    await (connections[i % connections.length] as PlantConnection).publishTelemetry({ burst: i });
  }
  const deadline = Date.now() + 30_000;
  while (counts.some((count) => count < BURST) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  stop.abort();
  await Promise.allSettled(streams);
  const lost = counts.reduce((sum, count) => sum + (BURST - count), 0);
  return { lost, perStreamKiB: Math.max(0, open - before) / 1024 / WATCHERS };
}

function measureHistory(): { medianMs: number; hourlyMs: number } {
  const dir = mkdtempSync(join(tmpdir(), "voke-bench-history-"));
  try {
    const store = openStore(join(dir, "voke.db"));
    const organization = store.db.sqlite.prepare(
      "INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('o', 'o', 't', 't')",
    );
    organization.run();
    store.db.sqlite
      .prepare(
        "INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, metadata, created_at, updated_at) VALUES ('p', 'o', 'p', 's', 'SENSOR', 'PASSWORD', '{}', 't', 't')",
      )
      .run();
    const start = Date.parse("2026-01-01T00:00:00.000Z");
    const step = 86_400_000 / HISTORY_POINTS;
    process.stderr.write(`events: writing ${HISTORY_POINTS.toLocaleString("en")} points…\n`);
    for (let i = 0; i < HISTORY_POINTS; i += 10_000) {
      store.transaction(() => {
        for (let j = i; j < i + 10_000; j++) {
          const ts = new Date(start + j * step).toISOString();
          store.telemetry.insert({
            plantId: "p",
            ts,
            metrics: { powerKw: Math.sin(j / 1000) * 5, soc: j % 100 },
            receivedAt: ts,
          });
        }
      });
    }
    const service = createTelemetryHistoryService({ store, plants: { find: () => ({ id: "p" }) as never } });
    const principal = { tokenId: "t", organizationId: "o", role: "viewer" as const };
    const query = (resolution: "1m" | "1h") => {
      const began = performance.now();
      const result = service.history(principal, "p", {
        from: new Date(start),
        to: new Date(start + 86_400_000),
        resolution,
        page: 1,
        limit: 100,
      });
      if (result.kind !== "buckets" || result.buckets.length !== (resolution === "1m" ? 1440 : 24))
        throw new Error("wrong bucket count");
      return performance.now() - began;
    };
    query("1m");
    const minute = Array.from({ length: 20 }, () => query("1m"));
    const hourly = Array.from({ length: 20 }, () => query("1h"));
    store.close();
    return { medianMs: percentile(minute, 50), hourlyMs: percentile(hourly, 50) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function serverRss(pid: number): number {
  const kib = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib[1]) * 1024;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import("./report.ts");
  process.stdout.write(`${formatTable(await run())}\n`);
}
