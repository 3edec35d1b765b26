/**
 * A plant's telemetry read back: raw points one page at a time, or buckets (avg/min/max/last per metric) built
 * from the per-minute summaries the store keeps, so a day at one-minute resolution reads 1,440 rows per metric
 * however many points it holds.
 */

import type { Store } from "../storage/store.ts";
import type { MinuteSummary, TelemetryRecord } from "../storage/telemetry.ts";
import type { Principal } from "./access.ts";
import type { PlantService } from "./plants.ts";

export const RESOLUTIONS = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
} as const;
export type Resolution = keyof typeof RESOLUTIONS;

export interface TelemetryQuery {
  from: Date;
  to: Date;
  /** Only these metrics; all when undefined. */
  metrics?: readonly string[];
  /** Buckets of this width; raw points when undefined. */
  resolution?: Resolution;
  page: number;
  limit: number;
}

export interface MetricAggregate {
  avg: number;
  min: number;
  max: number;
  last: number;
  count: number;
}

export interface TelemetryBucket {
  start: string;
  metrics: Record<string, MetricAggregate>;
}

export type TelemetryHistory =
  | { kind: "points"; from: string; to: string; points: TelemetryRecord[]; total: number }
  | { kind: "buckets"; from: string; to: string; resolution: Resolution; buckets: TelemetryBucket[] };

export interface TelemetryHistoryService {
  history(principal: Principal, plantId: string, query: TelemetryQuery): TelemetryHistory;
}

const MINUTE = 60_000;

export function createTelemetryHistoryService(deps: {
  store: Store;
  plants: Pick<PlantService, "find">;
}): TelemetryHistoryService {
  const { store, plants } = deps;
  return {
    history(principal, plantId, query) {
      const plant = plants.find(principal, plantId);
      if (!query.resolution) {
        const from = query.from.toISOString();
        const to = query.to.toISOString();
        const { items, total } = store.telemetry.pageForPlant(plant.id, from, to, {
          limit: query.limit,
          offset: (query.page - 1) * query.limit,
        });
        const points = query.metrics ? items.map((point) => only(point, query.metrics ?? [])) : items;
        return { kind: "points", from, to, points, total };
      }
      // Buckets are built from whole minutes: the window is widened to the minutes it touches.
      const from = new Date(Math.floor(query.from.getTime() / MINUTE) * MINUTE).toISOString();
      const to = new Date(Math.ceil(query.to.getTime() / MINUTE) * MINUTE).toISOString();
      const minutes = store.telemetry.minutesForPlant(
        plant.id,
        from.slice(0, 16),
        to.slice(0, 16),
        query.metrics,
      );
      return {
        kind: "buckets",
        from,
        to,
        resolution: query.resolution,
        buckets: bucketize(minutes, query.resolution),
      };
    },
  };
}

function only(point: TelemetryRecord, metrics: readonly string[]): TelemetryRecord {
  const kept: Record<string, number> = {};
  for (const name of metrics) {
    const value = point.metrics[name];
    if (value !== undefined) kept[name] = value;
  }
  return { ...point, metrics: kept };
}

/** Folds minute summaries (in time order) into buckets of `resolution`, aligned to the UTC epoch. */
export function bucketize(minutes: readonly MinuteSummary[], resolution: Resolution): TelemetryBucket[] {
  const width = RESOLUTIONS[resolution];
  const buckets: TelemetryBucket[] = [];
  const sums = new Map<MetricAggregate, { sum: number; lastTs: string }>();
  let current: TelemetryBucket | undefined;
  let currentStart = Number.NaN;
  for (const summary of minutes) {
    const start = Math.floor(Date.parse(`${summary.minute}:00.000Z`) / width) * width;
    if (start !== currentStart) {
      current = { start: new Date(start).toISOString(), metrics: {} };
      currentStart = start;
      buckets.push(current);
    }
    const bucket = current as TelemetryBucket;
    const aggregate = bucket.metrics[summary.metric];
    if (!aggregate) {
      const fresh = { avg: 0, min: summary.min, max: summary.max, last: summary.last, count: summary.count };
      bucket.metrics[summary.metric] = fresh;
      sums.set(fresh, { sum: summary.sum, lastTs: summary.lastTs });
      continue;
    }
    const running = sums.get(aggregate) as { sum: number; lastTs: string };
    aggregate.count += summary.count;
    running.sum += summary.sum;
    aggregate.min = Math.min(aggregate.min, summary.min);
    aggregate.max = Math.max(aggregate.max, summary.max);
    if (summary.lastTs >= running.lastTs) {
      aggregate.last = summary.last;
      running.lastTs = summary.lastTs;
    }
  }
  for (const [aggregate, running] of sums) aggregate.avg = running.sum / aggregate.count;
  return buckets;
}
