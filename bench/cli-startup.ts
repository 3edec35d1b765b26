/**
 * Startup cost of the built `voke` CLI next to bare Node: median wall time over N runs and peak
 * memory for `voke --version`, `voke plants --help`, `voke plants list -o json` and `voke plants list`
 * drawing its table on a pseudo-terminal (against a local reference server with 20 plants). `run()` returns the figures; run directly, it prints a table.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, type BenchRow, median, printResult } from "./report.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cliEntry = join(root, "packages/cli/dist/voke.js");
const serverEntry = join(root, "packages/server/src/bin.ts");
const BOOTSTRAP_TOKEN = "vok_bench_startup_0123456789abcdef";

/** One measured command; the raw figures behind the report rows. */
export interface StartupFigure {
  command: string;
  /** Median wall time of one run, in milliseconds. */
  medianMs: number;
  /** Median over the rounds of this command's time divided by bare Node's in the same round. */
  ratio: number;
  /** Median peak resident memory, MiB (null when it could not be read). */
  maxRssMiB: number | null;
}

export interface StartupResult extends BenchResult {
  runs: number;
  figures: StartupFigure[];
}

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Text the first run's stdout must contain, else the row is skipped (e.g. the command is not there yet). */
  expect?: string;
  target?: { maxRatio: number; maxRssMiB?: number };
  skipped?: string;
  /** Run on a pseudo-terminal (util-linux `script`), 80 columns; compared with bare Node run alike. */
  pty?: boolean;
}

/** The command and arguments that run `args` with Node, on a pseudo-terminal when `pty`. */
function invocation(args: readonly string[], pty: boolean | undefined): [string, string[]] {
  if (!pty) return [process.execPath, [...args]];
  const quoted = [process.execPath, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  return ["script", ["-q", "-e", "-c", `stty cols 80 rows 50; exec ${quoted}`, "/dev/null"]];
}

/** Peak RSS of one run in KiB: GNU time's report when installed, else the child's own resourceUsage. */
function peakRssKiB(args: string[], env: NodeJS.ProcessEnv, probeDir: string): number | null {
  if (existsSync("/usr/bin/time")) {
    const result = spawnSync("/usr/bin/time", ["-v", process.execPath, ...args], { env, encoding: "utf8" });
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? "");
    if (match) return Number(match[1]);
  }
  const probe = join(probeDir, "rss-probe.mjs");
  const out = join(probeDir, "rss.txt");
  writeFileSync(
    probe,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  spawnSync(process.execPath, ["--import", probe, ...args], { env, stdio: "ignore" });
  return existsSync(out) ? Number(readFileSync(out, "utf8")) : null;
}

/** Starts the reference server on a free port; resolves its URL, or a reason it could not start. */
async function startServer(
  dataDir: string,
): Promise<{ url: string; child: ChildProcess } | { skipped: string }> {
  if (!existsSync(serverEntry)) return { skipped: "packages/server/src/bin.ts does not exist yet" };
  const child = spawn(process.execPath, [serverEntry, "start"], {
    env: {
      ...process.env,
      VOKE_DATA_DIR: dataDir,
      VOKE_HTTP_PORT: "0",
      VOKE_MQTT_PORT: "0",
      VOKE_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN,
      VOKE_LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill();
      resolve({ skipped: `the server printed no URL within 20 s: ${output.trim().slice(-200)}` });
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /http=(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1] as string, child });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ skipped: `the server exited (${code}) before listening: ${output.trim().slice(-200)}` });
    });
  });
}

/** Creates `count` plants with names of varied length through the API. */
async function seedPlants(url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/api/v1/plants`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOOTSTRAP_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: `Bench plant ${i} ${"on the long roof ".repeat(i % 4)}`.trim(),
        serialNumber: `BENCH-${String(i).padStart(4, "0")}`,
        type: i % 2 ? "GATEWAY" : "SENSOR",
      }),
    });
    if (!response.ok) throw new Error(`seeding plant ${i} failed: HTTP ${response.status}`);
  }
}

export async function run(options: { runs?: number } = {}): Promise<StartupResult> {
  const runs = options.runs ?? 20;
  if (!existsSync(cliEntry)) {
    const { buildCli } = await import("../packages/cli/scripts/build.ts");
    await buildCli();
  }
  const scratch = mkdtempSync(join(tmpdir(), "voke-bench-startup-"));
  const server = await startServer(join(scratch, "data"));
  try {
    // A page of plants, so the listing cases print a real table (20 rows, the default page).
    if ("url" in server) await seedPlants(server.url, 20);
    const api =
      "url" in server
        ? { env: { VOKE_API_URL: server.url, VOKE_TOKEN: BOOTSTRAP_TOKEN } }
        : { skipped: `no local server: ${server.skipped}` };
    const cases: Case[] = [
      { name: "node -e ''", args: ["-e", ""] },
      { name: "voke --version", args: [cliEntry, "--version"], target: { maxRatio: 1.3, maxRssMiB: 60 } },
      { name: "voke plants --help", args: [cliEntry, "plants", "--help"], expect: "Usage: voke plants" },
      {
        name: "voke plants list -o json",
        args: [cliEntry, "plants", "list", "-o", "json"],
        target: { maxRatio: 2 },
        ...api,
      },
      { name: "node -e '' (pseudo-terminal)", args: ["-e", ""], pty: true },
      {
        name: "voke plants list (table, pseudo-terminal)",
        args: [cliEntry, "plants", "list"],
        target: { maxRatio: 2.2 },
        pty: true,
        expect: "LIFECYCLE",
        ...("env" in api ? { env: { ...api.env, NO_COLOR: "", TERM: "xterm-256color" } } : api),
      },
    ];
    // voke's code cache goes to the scratch directory too, so every run of the bench starts alike.
    const baseEnv = {
      ...process.env,
      VOKE_CONFIG_DIR: join(scratch, "config"),
      XDG_CACHE_HOME: join(scratch, "cache"),
      NO_COLOR: "1",
    };
    // A first run of each case fills the caches and shows whether the command works at all.
    for (const item of cases) {
      if (item.skipped) continue;
      const [command, args] = invocation(item.args, item.pty);
      const result = spawnSync(command, args, {
        env: { ...baseEnv, ...item.env },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      if (result.status !== 0) {
        item.skipped = `exit ${result.status}: ${(result.stderr || result.stdout).trim().split("\n")[0]}`;
      } else if (item.expect && !result.stdout.includes(item.expect)) {
        item.skipped = `its output lacks "${item.expect}" (the command is not registered yet)`;
      }
    }
    const times = new Map<Case, number[]>(cases.map((item) => [item, []]));
    for (let i = 0; i < runs; i++) {
      // Interleaved, so a noisy moment on the machine hits every case alike.
      for (const item of cases) {
        if (item.skipped) continue;
        const [command, args] = invocation(item.args, item.pty);
        const started = performance.now();
        spawnSync(command, args, { env: { ...baseEnv, ...item.env }, stdio: "ignore" });
        times.get(item)?.push(performance.now() - started);
      }
    }
    // Each case is compared with bare Node run in the same round (pseudo-terminal cases with bare
    // Node on a pseudo-terminal: both pay for `script`), and the median of those ratios is reported:
    // pair by pair, a ratio holds while the shared machine's load drifts between rounds.
    const baselineTimes = times.get(cases[0] as Case) ?? [];
    const ptyBaselineTimes = times.get(cases.find((item) => item.pty) as Case) ?? [];
    const pairedRatio = (item: Case) => {
      const own = times.get(item) ?? [];
      const base = item.pty ? ptyBaselineTimes : baselineTimes;
      return median(own.map((ms, round) => ms / (base[round] as number)));
    };
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const figures: StartupFigure[] = [];
    for (const item of cases) {
      if (item.skipped) {
        notes.push(`\`${item.name}\` not measured: ${item.skipped}`);
        continue;
      }
      const medianMs = median(times.get(item) ?? []);
      // Peak memory without the `script` wrapper (VOKE_FORCE_TTY takes the same terminal path).
      const rssEnv = { ...baseEnv, ...item.env, ...(item.pty ? { VOKE_FORCE_TTY: "1", COLUMNS: "80" } : {}) };
      const rss = [0, 1, 2]
        .map(() => peakRssKiB(item.args, rssEnv, scratch))
        .filter((value): value is number => value !== null);
      const maxRssMiB = rss.length ? median(rss) / 1024 : null;
      const ratio = pairedRatio(item);
      figures.push({ command: item.name, medianMs, ratio, maxRssMiB });
      rows.push({
        metric: `\`${item.name}\` median wall time`,
        value: `${medianMs.toFixed(1)} ms (${ratio.toFixed(2)}× node${item.pty ? " on a pseudo-terminal" : ""})`,
        ...(item.target
          ? { target: `≤ ${item.target.maxRatio}× node`, met: ratio <= item.target.maxRatio }
          : {}),
      });
      const limit = item.target?.maxRssMiB;
      rows.push({
        metric: `\`${item.name}\` peak RSS`,
        value: maxRssMiB === null ? "unknown" : `${maxRssMiB.toFixed(1)} MiB`,
        ...(limit ? { target: `≤ ${limit} MiB`, met: maxRssMiB !== null && maxRssMiB <= limit } : {}),
      });
    }
    notes.push(
      `Median of ${runs} interleaved runs each, after one warm-up run (Node's compile cache and voke's code cache filled); the ratio is the median of each round's time over bare Node's in the same round; Node ${process.version}.`,
    );
    return { name: "cli-startup", rows, notes, runs, figures };
  } finally {
    if ("child" in server) server.child.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runsArg = process.argv.find((arg) => arg.startsWith("--runs="));
  const result = await run(runsArg ? { runs: Number(runsArg.slice("--runs=".length)) } : {});
  printResult(result);
}
