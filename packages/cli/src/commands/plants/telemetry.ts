/**
 * `voke plants telemetry PLANT_ID`: a plant's telemetry history. Raw points by default (one row per point, one
 * column per metric), or with --resolution one row per bucket and metric (avg, min, max, last, count), as a
 * table, JSON or CSV; --chart draws the first metric on the terminal (asciichart, loaded only then).
 */
import type { TelemetryHistory } from "@voke/sdk";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { inertCell } from "../../io/inert.ts";
import type { telemetryInput } from "./index.ts";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_RAW_POINTS = 100_000;

/** `30m`, `1h`, `2d` or an ISO date-time → the instant that many ago (or that instant). */
export function sinceInstant(value: string, now: Date): Date {
  const relative = /^(\d{1,6})([smhd])$/.exec(value);
  if (relative)
    return new Date(now.getTime() - Number(relative[1]) * (UNITS[relative[2] as string] as number));
  const absolute = new Date(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(absolute.getTime())) return absolute;
  throw new UsageError(
    `--since must be a duration such as 30m, 1h or 2d, or an ISO date-time; got "${value}"`,
  );
}

export type Options = OptionsOf<typeof telemetryInput>;

type Row = Record<string, string | number | null>;

/** Rows for the printer: raw points one column per metric; buckets one row per bucket and metric. */
export function rowsOf(history: TelemetryHistory): Row[] {
  if (history.buckets) {
    return history.buckets.flatMap((bucket) =>
      Object.entries(bucket.metrics).map(([metric, m]) => ({
        start: bucket.start,
        metric,
        avg: round(m.avg),
        min: m.min,
        max: m.max,
        last: m.last,
        count: m.count,
      })),
    );
  }
  return (history.points ?? []).map((point) => ({ ts: point.ts, ...point.metrics }));
}

const round = (value: number) => Number(value.toPrecision(12));

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  const to = new Date();
  const from = sinceInstant(opts.since, to);
  if (from.getTime() >= to.getTime()) throw new UsageError("--since must be in the past");
  const client = await deps.client();
  const query = {
    from: from.toISOString(),
    to: to.toISOString(),
    ...(opts.metric.length > 0 && { metrics: opts.metric.join(",") }),
    ...(opts.resolution && { resolution: opts.resolution }),
  };
  let history = await client.plants.telemetry(opts.plantId, { ...query, limit: 1000 });
  if (!opts.resolution && history.meta && history.meta.totalPages > 1) {
    // Every page of the window, up to a bound a terminal can still show.
    const points = [...(history.points ?? [])];
    for (let page = 2; page <= history.meta.totalPages && points.length < MAX_RAW_POINTS; page++) {
      const next = await client.plants.telemetry(opts.plantId, { ...query, limit: 1000, page });
      points.push(...(next.points ?? []));
    }
    history = { ...history, points };
  }
  if (opts.chart) {
    await drawChart(history, opts.metric[0], deps);
    return;
  }
  const rows = rowsOf(history);
  await deps.printer.list(rows, { emptyMessage: `No telemetry since ${from.toISOString()}.` });
}

async function drawChart(
  history: TelemetryHistory,
  wanted: string | undefined,
  deps: CommandDeps,
): Promise<void> {
  const series: { at: string; value: number }[] = [];
  let metric = wanted;
  for (const bucket of history.buckets ?? []) {
    metric ??= Object.keys(bucket.metrics)[0];
    const value = metric === undefined ? undefined : bucket.metrics[metric]?.avg;
    if (value !== undefined) series.push({ at: bucket.start, value });
  }
  for (const point of history.points ?? []) {
    metric ??= Object.keys(point.metrics)[0];
    const value = metric === undefined ? undefined : point.metrics[metric];
    if (value !== undefined) series.push({ at: point.ts, value });
  }
  if (metric === undefined || series.length === 0) {
    deps.io.info("No telemetry to chart.");
    return;
  }
  // One column per value: a longer series is averaged down to the terminal's width.
  const width = Math.max(10, (deps.io.columns ?? 80) - 14);
  const values = downsample(
    series.map((s) => s.value),
    width,
  );
  const { default: asciichart } = await import("asciichart");
  const chart = asciichart.plot(values, { height: 12, format: (v) => v.toFixed(2).padStart(10) });
  const span = `${series[0]?.at} … ${series.at(-1)?.at}`;
  deps.printer.view(`${inertCell(metric)}  ${span}\n${chart}\n`);
}

function downsample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const slice = values.slice(
      Math.floor((i * values.length) / width),
      Math.floor(((i + 1) * values.length) / width),
    );
    out.push(slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  return out;
}
