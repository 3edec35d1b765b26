/**
 * Bulk provisioning throughput: the real built `voke plants create --from-file … --provision
 * --out-dir …` against the real reference server (its own process, port 0) on a generated CSV of
 * 1,000 plants. Reports wall time and plants/s (target ≥ 100/s), and where the time goes: CPU of
 * the server and of the CLI, create-only throughput, another concurrency, and a re-run of the
 * finished file. `run()` returns the figures; run directly, it prints a table.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, type BenchRow, printResult } from "./report.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cliEntry = join(root, "packages/cli/dist/voke.js");
const serverEntry = join(root, "packages/server/src/bin.ts");
const TOKEN = "vok_bench_bulk_0123456789abcdef";
const TARGET_PER_SECOND = 100;
const CLOCK_TICKS_PER_SECOND = 100;

export interface BulkRunFigure {
  label: string;
  rows: number;
  wallMs: number;
  plantsPerSecond: number;
  /** CPU the server spent during the run (user + system), ms; null where /proc is missing. */
  serverCpuMs: number | null;
  /** CPU the voke process spent, ms. */
  cliCpuMs: number | null;
  /** Peak resident memory of the voke process, MiB. */
  cliPeakRssMiB: number | null;
  exitCode: number | null;
}

export interface BulkResult extends BenchResult {
  figures: BulkRunFigure[];
}

interface Server {
  child: ChildProcess;
  url: string;
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [serverEntry, "start"], {
    env: {
      ...process.env,
      VOKE_DATA_DIR: dataDir,
      VOKE_HTTP_PORT: "0",
      VOKE_MQTT_PORT: "0",
      VOKE_BOOTSTRAP_TOKEN: TOKEN,
      VOKE_LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server printed no URL within 20 s: ${output.slice(-300)}`));
    }, 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /http=(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${output.slice(-300)}`));
    });
  });
}

/** user + system CPU of a live process from /proc, in ms (null off Linux). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
}

function writeCsv(path: string, prefix: string, rows: number): void {
  const lines = ["name,serialNumber,type,authMethod,metadata"];
  for (let i = 1; i <= rows; i++) {
    lines.push(`Bench plant ${i},${prefix}-${String(i).padStart(5, "0")},SENSOR,MTLS,"{""rack"":${i % 40}}"`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** Runs the built CLI once; a preloaded probe writes its CPU usage to a file as it exits. */
async function runCli(
  scratch: string,
  server: Server,
  label: string,
  args: string[],
  rows: number,
): Promise<BulkRunFigure> {
  const probe = join(scratch, "cpu-probe.mjs");
  const cpuFile = join(scratch, `cpu-${label.replace(/\W+/g, "-")}.json`);
  writeFileSync(
    probe,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(process.env.VOKE_BENCH_CPU_FILE, JSON.stringify({ ...process.cpuUsage(), maxRss: process.resourceUsage().maxRSS })));\n`,
  );
  const serverBefore = processCpuMs(server.child.pid);
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", probe, cliEntry, ...args], {
    cwd: scratch,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: scratch,
      VOKE_CONFIG_DIR: join(scratch, "config"),
      VOKE_API_URL: server.url,
      VOKE_TOKEN: TOKEN,
      VOKE_BENCH_CPU_FILE: cpuFile,
      NO_COLOR: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let lines = 0;
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    lines += chunk.toString("utf8").split("\n").length - 1;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wallMs = performance.now() - started;
  const serverAfter = processCpuMs(server.child.pid);
  if (exitCode !== 0 || lines !== rows) {
    throw new Error(
      `\`voke ${args.join(" ")}\` exited ${exitCode} with ${lines}/${rows} results: ${stderr.slice(-400)}`,
    );
  }
  const cpu = existsSync(cpuFile)
    ? (JSON.parse(readFileSync(cpuFile, "utf8")) as { user: number; system: number; maxRss: number })
    : null;
  return {
    label,
    rows,
    wallMs,
    plantsPerSecond: (rows * 1000) / wallMs,
    serverCpuMs: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore,
    cliCpuMs: cpu ? (cpu.user + cpu.system) / 1000 : null,
    cliPeakRssMiB: cpu ? cpu.maxRss / 1024 : null,
    exitCode,
  };
}

function share(cpuMs: number | null, wallMs: number): string {
  return cpuMs === null
    ? "unknown"
    : `${(cpuMs / 1000).toFixed(2)} s (${Math.round((cpuMs / wallMs) * 100)}% of wall)`;
}

function perPlant(cpuMs: number | null, rows: number): string {
  return cpuMs === null ? "unknown" : `${(cpuMs / rows).toFixed(2)} ms`;
}

/** Rows of the two create-only files whose peak RSS is compared (bulk runs must stream). */
const MEMORY_ROWS = [10_000, 100_000] as const;
const MEMORY_TARGET_MIB = 20;

/** Peak RSS of `voke` creating `rows` plants from a file, each on a fresh server. */
async function peakRssFor(rows: number): Promise<BulkRunFigure> {
  const scratch = mkdtempSync(join(tmpdir(), "voke-bench-bulk-rss-"));
  const server = await startServer(join(scratch, "data"));
  try {
    const csv = join(scratch, "memory.csv");
    writeCsv(csv, "RSS", rows);
    return await runCli(
      scratch,
      server,
      `create only ${rows}`,
      ["plants", "create", "--from-file", csv],
      rows,
    );
  } finally {
    server.child.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function run(options: { rows?: number; memory?: boolean } = {}): Promise<BulkResult> {
  const rows = options.rows ?? 1000;
  if (!existsSync(cliEntry)) {
    const { buildCli } = await import("../packages/cli/scripts/build.ts");
    await buildCli();
  }
  const scratch = mkdtempSync(join(tmpdir(), "voke-bench-bulk-"));
  const server = await startServer(join(scratch, "data"));
  try {
    const bulk = (name: string, extra: string[]) => {
      const csv = join(scratch, `${name}.csv`);
      if (!existsSync(csv)) writeCsv(csv, name.toUpperCase(), rows);
      return ["plants", "create", "--from-file", csv, ...extra];
    };
    const figures: BulkRunFigure[] = [];
    // Warm-up, not measured: the server's first certificates and SQLite statements are slower.
    const warmRows = Math.min(100, rows);
    const warmCsv = join(scratch, "warm.csv");
    writeCsv(warmCsv, "WARM", warmRows);
    await runCli(
      scratch,
      server,
      "warm-up",
      ["plants", "create", "--from-file", warmCsv, "--provision", "--out-dir", "warm-out"],
      warmRows,
    );
    // The target: create and provision, default concurrency (8).
    const main = await runCli(
      scratch,
      server,
      "provision",
      bulk("main", ["--provision", "--out-dir", "main-out"]),
      rows,
    );
    figures.push(main);
    const packages = readdirSync(join(scratch, "main-out")).filter((file) => file.endsWith(".json")).length;
    if (packages !== rows) throw new Error(`expected ${rows} package files, found ${packages}`);
    // The same file again: every row already done (look-up plus file checks only).
    figures.push(
      await runCli(scratch, server, "re-run", bulk("main", ["--provision", "--out-dir", "main-out"]), rows),
    );
    // Where the time goes: creating alone, and provisioning with twice the concurrency.
    figures.push(await runCli(scratch, server, "create only", bulk("create", []), rows));
    figures.push(
      await runCli(
        scratch,
        server,
        "provision, concurrency 16",
        bulk("wide", ["--provision", "--out-dir", "wide-out", "--concurrency", "16"]),
        rows,
      ),
    );

    const out: BenchRow[] = [
      {
        metric: `create + provision ${rows} plants (concurrency 8): wall time`,
        value: `${(main.wallMs / 1000).toFixed(2)} s`,
      },
      {
        metric: "create + provision plants/s",
        value: main.plantsPerSecond.toFixed(0),
        target: `≥ ${TARGET_PER_SECOND}/s`,
        met: main.plantsPerSecond >= TARGET_PER_SECOND,
      },
      { metric: "server CPU during that run", value: share(main.serverCpuMs, main.wallMs) },
      { metric: "voke CPU during that run", value: share(main.cliCpuMs, main.wallMs) },
      { metric: "server CPU per plant (create + provision)", value: perPlant(main.serverCpuMs, rows) },
      { metric: "voke CPU per plant", value: perPlant(main.cliCpuMs, rows) },
    ];
    for (const figure of figures.slice(1)) {
      out.push({
        metric: `${figure.label}: plants/s (server CPU)`,
        value: `${figure.plantsPerSecond.toFixed(0)} (${share(figure.serverCpuMs, figure.wallMs)})`,
      });
    }
    const notes = [
      `${rows}-row CSV, real server (node:sqlite, its own process, log level error) and the built CLI on one machine; ` +
        "each row is a POST /plants and a POST /plants/{id}/provision (ECDSA P-256 key and certificate) with an Idempotency-Key, then a 0600 file.",
    ];
    if (main.serverCpuMs !== null && main.serverCpuMs / main.wallMs > 0.85) {
      const ceiling = (rows * 1000) / main.serverCpuMs;
      notes.push(
        `The server's one JavaScript thread is busy for ${Math.round((main.serverCpuMs / main.wallMs) * 100)}% of the run: ` +
          `at ${perPlant(main.serverCpuMs, rows)} of server CPU per plant it cannot go past about ${ceiling.toFixed(0)} plants/s, ` +
          "whatever the client's concurrency (certificate issuance, idempotency records and SQLite writes are the server's cost).",
      );
    }
    if (options.memory !== false) {
      const [small, large] = [await peakRssFor(MEMORY_ROWS[0]), await peakRssFor(MEMORY_ROWS[1])];
      const mib = (figure: BulkRunFigure) => (figure.cliPeakRssMiB ?? Number.NaN).toFixed(1);
      const apart = Math.abs((large.cliPeakRssMiB ?? 0) - (small.cliPeakRssMiB ?? 0));
      out.push(
        {
          metric: `voke peak RSS, create only: ${MEMORY_ROWS[0]} vs ${MEMORY_ROWS[1]} rows`,
          value: `${mib(small)} MiB vs ${mib(large)} MiB (${small.plantsPerSecond.toFixed(0)} / ${large.plantsPerSecond.toFixed(0)} plants/s)`,
        },
        {
          metric: "peak RSS difference",
          value: `${apart.toFixed(1)} MiB`,
          target: `< ${MEMORY_TARGET_MIB} MiB`,
          met: apart < MEMORY_TARGET_MIB,
        },
      );
      figures.push(small, large);
      notes.push(
        "Peak RSS is the voke process's own maxRSS (process.resourceUsage) at exit; each memory run has a fresh server.",
      );
    }
    return { name: "bulk", rows: out, notes, figures };
  } finally {
    server.child.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rowsArg = process.argv.find((arg) => arg.startsWith("--rows="));
  printResult(
    await run({
      ...(rowsArg ? { rows: Number(rowsArg.slice("--rows=".length)) } : {}),
      memory: !process.argv.includes("--no-memory"),
    }),
  );
}
