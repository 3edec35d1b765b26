/**
 * What the SDK costs per request: requests/s of `client.plants.list()` against plain `fetch` +
 * `res.json()`, both hitting the same local node:http server (127.0.0.1, port 0) that answers a
 * fixed plant list, at the same concurrency, in the same run, in alternating order.
 * Usage: `node bench/sdk-overhead.ts [seconds per variant]` (default 4).
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { createVokeClient } from "../packages/sdk/src/index.ts";
import { type BenchResult, median, printResult } from "./report.ts";

export interface SdkOverheadOptions {
  /** Requests kept in flight at once. */
  concurrency?: number;
  /** Measuring time per variant, split into slices that alternate between the two. */
  durationMs?: number;
  /** Length of one slice; short slices spread background noise over both variants evenly. */
  sliceMs?: number;
  warmupMs?: number;
}

export interface SdkOverheadFigures {
  concurrency: number;
  durationMs: number;
  slices: number;
  plainFetchPerSecond: number;
  sdkPerSecond: number;
  /** sdkPerSecond / plainFetchPerSecond; the target is ≥ 0.9. */
  ratio: number;
  /** The median of the per-slice-pair ratios, which a burst of noise moves less. */
  medianSliceRatio: number;
  /** Process CPU time (client and in-process server) per request. */
  plainFetchCpuMicros: number;
  sdkCpuMicros: number;
  /** plainFetchCpuMicros / sdkCpuMicros: the same ratio in CPU time, which other load on the machine skews less. */
  cpuRatio: number;
  /** CPU per call with an in-memory fetch (no network, no server): what the client side itself costs. */
  clientSide: { plainMicros: number; sdkMicros: number };
}

interface Tally {
  done: number;
  ms: number;
  cpuMicros: number;
}

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

async function startServer(): Promise<{ server: Server; origin: string; body: Buffer }> {
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
  return { server, origin: `http://127.0.0.1:${port}`, body };
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

/**
 * The client side's own CPU cost per call, without network or server: both variants get the same
 * in-memory reply from a fetch that still builds the Request (as a real fetch does, following the
 * AbortSignal). Best of several alternating rounds, so a burst of other load does not count.
 */
async function clientSideMicros(body: Buffer): Promise<{ plainMicros: number; sdkMicros: number }> {
  const memoryFetch = async (input: string | Request, init?: RequestInit) => {
    new Request(input, init);
    return new Response(body, {
      headers: { "Content-Type": "application/json", "Content-Length": String(body.length) },
    });
  };
  const origin = "http://127.0.0.1:9";
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const plain = async () => (await memoryFetch(`${origin}/api/v1/plants?limit=20`, { headers })).json();
  const client = createVokeClient({ baseUrl: origin, token: TOKEN, env: {}, fetch: memoryFetch });
  const sdk = () => client.plants.list({ limit: 20 });
  const perCall = async (call: () => Promise<unknown>, calls: number) => {
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call();
    const cpu = process.cpuUsage(before);
    return (cpu.user + cpu.system) / calls;
  };
  let plainMicros = Number.POSITIVE_INFINITY;
  let sdkMicros = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 6; round++) {
    plainMicros = Math.min(plainMicros, await perCall(plain, 5_000));
    sdkMicros = Math.min(sdkMicros, await perCall(sdk, 5_000));
  }
  return { plainMicros, sdkMicros };
}

/** Measures both variants, slice by slice in alternating order, and returns the raw figures. */
export async function measureOverhead(options: SdkOverheadOptions = {}): Promise<SdkOverheadFigures> {
  const concurrency = options.concurrency ?? 16;
  const durationMs = options.durationMs ?? 4_000;
  const sliceMs = options.sliceMs ?? 250;
  const warmupMs = options.warmupMs ?? 1_000;
  const slices = Math.max(2, Math.round(durationMs / sliceMs));
  const { server, origin, body } = await startServer();
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

    const total = { plain: { done: 0, ms: 0, cpuMicros: 0 }, sdk: { done: 0, ms: 0, cpuMicros: 0 } };
    const sliceRatios: number[] = [];
    for (let slice = 0; slice < slices; slice++) {
      // Alternate which goes first, so neither always gets the warmer (or more throttled) slot.
      const first = slice % 2 === 0 ? "plain" : "sdk";
      const second = first === "plain" ? "sdk" : "plain";
      const run = { plain, sdk };
      const a = await measure(run[first], concurrency, sliceMs);
      const b = await measure(run[second], concurrency, sliceMs);
      const got = { [first]: a, [second]: b } as Record<"plain" | "sdk", Tally>;
      for (const name of ["plain", "sdk"] as const) {
        total[name].done += got[name].done;
        total[name].ms += got[name].ms;
        total[name].cpuMicros += got[name].cpuMicros;
      }
      sliceRatios.push(got.sdk.done / got.sdk.ms / (got.plain.done / got.plain.ms));
    }
    const plainFetchPerSecond = (total.plain.done / total.plain.ms) * 1000;
    const sdkPerSecond = (total.sdk.done / total.sdk.ms) * 1000;
    const plainFetchCpuMicros = total.plain.cpuMicros / total.plain.done;
    const sdkCpuMicros = total.sdk.cpuMicros / total.sdk.done;
    return {
      concurrency,
      durationMs: slices * sliceMs,
      slices,
      plainFetchPerSecond,
      sdkPerSecond,
      ratio: sdkPerSecond / plainFetchPerSecond,
      medianSliceRatio: median(sliceRatios),
      plainFetchCpuMicros,
      sdkCpuMicros,
      cpuRatio: plainFetchCpuMicros / sdkCpuMicros,
      clientSide: await clientSideMicros(body),
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
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
      {
        metric: "client-side CPU per call, in-memory fetch (no network): plain fetch → SDK",
        value: `${f.clientSide.plainMicros.toFixed(1)} µs → ${f.clientSide.sdkMicros.toFixed(1)} µs`,
      },
    ],
    notes: [
      `${f.concurrency} requests in flight; ${f.durationMs / 1000} s per variant in ${f.slices} alternating slices ` +
        `after a warm-up (median per-slice ratio ${f.medianSliceRatio.toFixed(3)}); local node:http server on ` +
        "127.0.0.1 in the same process; client with default options (60 s timeout, 2 retries, debug off). " +
        "The CPU-time ratio is shown because other load on a shared machine moves requests/s by more than 10%.",
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? 4);
  printResult(await run({ durationMs: seconds * 1000 }));
}
