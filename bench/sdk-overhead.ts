/**
 * What the SDK costs per request: requests/s of `client.plants.list()` against plain `fetch` +
 * `res.json()`, both hitting the same local node:http server (127.0.0.1, port 0) that answers a
 * fixed plant list, at the same concurrency, in the same process, in short alternating slices;
 * repeated in a few fresh processes whose counts are pooled.
 * Usage: `node bench/sdk-overhead.ts [seconds per variant per process] [processes]` (default 3 4).
 */
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createVokeClient } from "../packages/sdk/src/index.ts";
import { type BenchResult, median, printResult } from "./report.ts";

export interface SdkOverheadOptions {
  /** Requests kept in flight at once. */
  concurrency?: number;
  /** Fresh processes to measure in, one after another (default 4). */
  processes?: number;
  /** Measuring time per variant in each process, split into slices that alternate between the two. */
  durationMs?: number;
  /** Length of one slice; short slices spread background noise over both variants evenly. */
  sliceMs?: number;
  warmupMs?: number;
}

export interface SdkOverheadFigures {
  concurrency: number;
  /** Measuring time per variant, all processes together. */
  durationMs: number;
  processes: number;
  slices: number;
  plainFetchPerSecond: number;
  sdkPerSecond: number;
  /** sdkPerSecond / plainFetchPerSecond; the target is ≥ 0.9. */
  ratio: number;
  /** The same ratio in each process, to show how far one process alone can be off. */
  processRatios: number[];
  /** The median of the per-slice-pair ratios, which a burst of noise moves less. */
  medianSliceRatio: number;
  /** Process CPU time (client and in-process server) per request. */
  plainFetchCpuMicros: number;
  sdkCpuMicros: number;
  /** plainFetchCpuMicros / sdkCpuMicros: the same ratio in CPU time, which other load on the machine skews less. */
  cpuRatio: number;
}

interface Tally {
  done: number;
  ms: number;
  cpuMicros: number;
}

const execFileAsync = promisify(execFile);
const TOKEN = "bench-token-0123456789";
const TARGET_RATIO = 0.9;

/** Twenty plants, as GET /api/v1/plants answers them. */
function plantListBody(): Buffer {
  const at = "2025-01-02T03:04:05.000Z";
  const data = Array.from({ length: 20 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    organizationId: "0b9f3c1e-6d0a-4c57-8e43-1a2b3c4d5e6f",
    name: `Plant ${i}`,
    serialNumber: `SN-${i}`,
    type: "GATEWAY",
    authMethod: "MTLS",
    lifecycleStatus: "ACTIVE",
    status: "ONLINE",
    metadata: { site: "roof", row: i },
    templateId: null,
    template: null,
    activatedAt: at,
    lastSeenAt: at,
    authFailureCount: 0,
    lastAuthFailureAt: null,
    certificateFingerprint: "ab".repeat(32),
    certificateSerialNumber: "0f".repeat(16),
    certificateExpiresAt: at,
    secretRotatedAt: null,
    createdAt: at,
    updatedAt: at,
  }));
  return Buffer.from(JSON.stringify({ data, meta: { page: 1, limit: 20, total: 20, totalPages: 1 } }));
}

async function startServer(): Promise<{ server: Server; origin: string }> {
  const body = plantListBody();
  let requestNo = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": body.length,
      "X-Request-Id": `req-${++requestNo}`,
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** Requests completed, wall and CPU time spent with `concurrency` loops calling `request` for `durationMs`. */
async function measure(
  request: () => Promise<unknown>,
  concurrency: number,
  durationMs: number,
): Promise<Tally> {
  let done = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      await request();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const cpu = process.cpuUsage(cpuBefore);
  return { done, ms: performance.now() - started, cpuMicros: cpu.user + cpu.system };
}

/** One process's measurement: totals per variant and the ratio of each slice pair. */
interface ProcessTally {
  plain: Tally;
  sdk: Tally;
  sliceRatios: number[];
}

interface ChildSettings {
  concurrency: number;
  durationMs: number;
  sliceMs: number;
  warmupMs: number;
}

const CHILD_FLAG = "--child";

/**
 * Measures both variants in this process, slice by slice in alternating order, after a warm-up.
 * The server runs in the same process, so requests/s is bounded by one core's CPU time.
 */
async function measureHere({
  concurrency,
  durationMs,
  sliceMs,
  warmupMs,
}: ChildSettings): Promise<ProcessTally> {
  const slices = Math.max(2, Math.round(durationMs / sliceMs));
  const { server, origin } = await startServer();
  try {
    const url = `${origin}/api/v1/plants?limit=20`;
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const plain = async () => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`plain fetch got ${res.status}`);
      return res.json();
    };
    const client = createVokeClient({ baseUrl: origin, token: TOKEN, env: {} });
    const sdk = () => client.plants.list({ limit: 20 });

    await measure(plain, concurrency, warmupMs);
    await measure(sdk, concurrency, warmupMs);

    const tally: ProcessTally = { plain: NONE, sdk: NONE, sliceRatios: [] };
    for (let slice = 0; slice < slices; slice++) {
      // Alternate which goes first, so neither always gets the warmer (or more throttled) slot.
      const first = slice % 2 === 0 ? "plain" : "sdk";
      const second = first === "plain" ? "sdk" : "plain";
      const run = { plain, sdk };
      const a = await measure(run[first], concurrency, sliceMs);
      const b = await measure(run[second], concurrency, sliceMs);
      const got = { [first]: a, [second]: b } as Record<"plain" | "sdk", Tally>;
      tally.plain = add(tally.plain, got.plain);
      tally.sdk = add(tally.sdk, got.sdk);
      tally.sliceRatios.push(perSecond(got.sdk) / perSecond(got.plain));
    }
    return tally;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Runs `measureHere` in a fresh Node process (this file with `--child`) and reads its tally. */
async function measureInChild(settings: ChildSettings): Promise<ProcessTally> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify(settings)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as ProcessTally;
}

const NONE: Tally = { done: 0, ms: 0, cpuMicros: 0 };

function add(a: Tally, b: Tally): Tally {
  return { done: a.done + b.done, ms: a.ms + b.ms, cpuMicros: a.cpuMicros + b.cpuMicros };
}

function perSecond(t: Tally): number {
  return (t.done / t.ms) * 1000;
}

/**
 * Measures both variants in several fresh processes, one after another, and pools the counts.
 * Why several: how V8 happens to optimise undici's and the SDK's code differs from process to
 * process, and so does the ratio (by several percent on this machine); slices within one process
 * cannot average that out, fresh processes can.
 */
export async function measureOverhead(options: SdkOverheadOptions = {}): Promise<SdkOverheadFigures> {
  const processes = Math.max(1, options.processes ?? 4);
  const settings: ChildSettings = {
    concurrency: options.concurrency ?? 16,
    durationMs: options.durationMs ?? 3_000,
    sliceMs: options.sliceMs ?? 100,
    warmupMs: options.warmupMs ?? 1_000,
  };
  const tallies: ProcessTally[] = [];
  for (let i = 0; i < processes; i++) tallies.push(await measureInChild(settings));

  const plain = tallies.reduce((sum, t) => add(sum, t.plain), NONE);
  const sdk = tallies.reduce((sum, t) => add(sum, t.sdk), NONE);
  const plainFetchCpuMicros = plain.cpuMicros / plain.done;
  const sdkCpuMicros = sdk.cpuMicros / sdk.done;
  return {
    concurrency: settings.concurrency,
    durationMs: processes * settings.durationMs,
    processes,
    slices: tallies.reduce((n, t) => n + t.sliceRatios.length, 0),
    plainFetchPerSecond: perSecond(plain),
    sdkPerSecond: perSecond(sdk),
    ratio: perSecond(sdk) / perSecond(plain),
    processRatios: tallies.map((t) => perSecond(t.sdk) / perSecond(t.plain)),
    medianSliceRatio: median(tallies.flatMap((t) => t.sliceRatios)),
    plainFetchCpuMicros,
    sdkCpuMicros,
    cpuRatio: plainFetchCpuMicros / sdkCpuMicros,
  };
}

/** The benchmark as `bench/run-all.ts` collects it. */
export async function run(options: SdkOverheadOptions = {}): Promise<BenchResult> {
  const f = await measureOverhead(options);
  const perSecond = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`;
  return {
    name: "sdk-overhead",
    rows: [
      {
        metric: "plain fetch + res.json(), GET /plants (20 plants) requests/s",
        value: perSecond(f.plainFetchPerSecond),
      },
      { metric: "client.plants.list(), same requests/s", value: perSecond(f.sdkPerSecond) },
      {
        metric: "SDK / plain fetch, requests/s",
        value: f.ratio.toFixed(3),
        target: `≥ ${TARGET_RATIO}`,
        met: f.ratio >= TARGET_RATIO,
      },
      {
        metric: "CPU per request (client + in-process server): plain fetch → SDK",
        value: `${f.plainFetchCpuMicros.toFixed(0)} µs → ${f.sdkCpuMicros.toFixed(0)} µs`,
      },
      {
        metric: "SDK / plain fetch, requests per CPU second",
        value: f.cpuRatio.toFixed(3),
        target: `≥ ${TARGET_RATIO}`,
        met: f.cpuRatio >= TARGET_RATIO,
      },
    ],
    notes: [
      `${f.concurrency} requests in flight; ${f.durationMs / 1000} s per variant in ${f.slices} alternating slices, ` +
        `spread over ${f.processes} fresh processes after a warm-up in each (ratio per process: ` +
        `${f.processRatios.map((r) => r.toFixed(3)).join(", ")}; median per-slice ratio ` +
        `${f.medianSliceRatio.toFixed(3)}); local node:http server on 127.0.0.1 in the measuring process; ` +
        "client with default options (60 s timeout, 2 retries, debug off).",
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === CHILD_FLAG) {
    const settings = JSON.parse(process.argv[3] ?? "{}") as ChildSettings;
    process.stdout.write(JSON.stringify(await measureHere(settings)));
  } else {
    const seconds = Number(process.argv[2] ?? 3);
    const processes = Number(process.argv[3] ?? 4);
    printResult(await run({ durationMs: seconds * 1000, processes }));
  }
}
