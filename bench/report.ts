/**
 * The shape every benchmark returns, and the helpers that print it: `run-all.ts` collects these
 * into bench/RESULTS.md, and each script prints its own table when run directly.
 */
import os from "node:os";

export interface BenchRow {
  /** What was measured, e.g. "GET /plants (limit 20) requests/s". */
  metric: string;
  /** The figure, already formatted with its unit. */
  value: string;
  /** The target it is held to, e.g. "≥ 3,000/s", when there is one. */
  target?: string;
  /** Whether the target was met (undefined when there is no target). */
  met?: boolean;
}

export interface BenchResult {
  name: string;
  rows: BenchRow[];
  notes?: string[];
}

export function formatTable(result: BenchResult): string {
  const lines = [`### ${result.name}`, "", "| metric | value | target | met |", "| --- | --- | --- | --- |"];
  for (const r of result.rows) {
    const met = r.met === undefined ? "" : r.met ? "yes" : "**no**";
    lines.push(`| ${r.metric} | ${r.value} | ${r.target ?? ""} | ${met} |`);
  }
  for (const note of result.notes ?? []) lines.push("", note);
  return lines.join("\n");
}

export function machineSummary(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const gib = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${os.cpus().length} × ${cpu}, ${gib} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Median of a list of numbers (0 for an empty list). */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Prints a result when a bench script is run directly (`node bench/x.ts`). */
export function printResult(result: BenchResult): void {
  process.stdout.write(`${formatTable(result)}\n\nmachine: ${machineSummary()}\n`);
}
