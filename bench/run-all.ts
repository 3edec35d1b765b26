/**
 * Runs every benchmark one after another (never side by side: they would steal each other's
 * cores) and writes bench/RESULTS.md with the figures and the machine they were taken on.
 * Usage: `pnpm bench` (builds first), or `node bench/run-all.ts [name ...]` for a subset.
 */
import { writeFile } from "node:fs/promises";
import { type BenchResult, formatTable, machineSummary } from "./report.ts";

const suites: Record<string, () => Promise<{ run(): Promise<BenchResult> }>> = {
  "sdk-overhead": () => import("./sdk-overhead.ts"),
  server: () => import("./server.ts"),
  "device-loop": async () => {
    const bench = await import("./device-loop.ts");
    return { run: async () => bench.toBenchResult(await bench.run()) };
  },
  "cli-startup": () => import("./cli-startup.ts"),
  bulk: () => import("./bulk.ts"),
  "sdk-size": () => import("./sdk-size.ts"),
  events: () => import("./events.ts"),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(suites);
const results: BenchResult[] = [];
for (const name of names) {
  const load = suites[name];
  if (!load) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  process.stderr.write(`bench: running ${name}…\n`);
  const result = await (await load()).run();
  process.stdout.write(`${formatTable(result)}\n\n`);
  results.push(result);
}

if (wanted.length === 0) {
  const body = [
    "# Benchmark results",
    "",
    `Taken ${new Date().toISOString().slice(0, 10)} on ${machineSummary()}.`,
    "Reproduce with `pnpm bench` (or `node bench/run-all.ts <name>` for one). Every figure is measured",
    "side by side with its baseline in the same run; this machine is shared, so expect some noise.",
    "",
    ...results.map((r) => `${formatTable(r)}\n`),
  ].join("\n");
  await writeFile(new URL("./RESULTS.md", import.meta.url), body);
  process.stderr.write("bench: wrote bench/RESULTS.md\n");
}
