import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

let h: TestHarness;
afterEach(() => h.close());

const START = Date.parse("2025-06-15T10:00:00.000Z");

/** Points every 7 s for an hour, with values that vary so avg/min/max/last differ. */
function seed(plantId: string): { ts: string; powerKw: number; socPct: number }[] {
  const points = [];
  for (let i = 0; i < 515; i++) {
    const ts = new Date(START + i * 7000).toISOString();
    const point = { ts, powerKw: Math.round(Math.sin(i / 9) * 1000) / 100, socPct: i % 100 };
    h.store.telemetry.insert({
      plantId,
      ts,
      metrics: { powerKw: point.powerKw, socPct: point.socPct },
      receivedAt: ts,
    });
    points.push(point);
  }
  return points;
}

describe("GET /api/v1/plants/{id}/telemetry", () => {
  it("answers buckets whose avg/min/max/last/count match the raw points they summarize", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    const points = seed(plant.id);
    for (const [resolution, width] of [
      ["1m", 60_000],
      ["15m", 900_000],
      ["1h", 3_600_000],
    ] as const) {
      const res = await h.request(
        "GET",
        `/api/v1/plants/${plant.id}/telemetry?from=2025-06-15T10:00:00Z&to=2025-06-15T11:00:00Z&resolution=${resolution}&metrics=powerKw`,
        { as: "viewer" },
      );
      expect(res.status).toBe(200);
      expect(res.body.buckets.length).toBe(3_600_000 / width);
      for (const bucket of res.body.buckets) {
        const start = Date.parse(bucket.start);
        const inside = points.filter((p) => Date.parse(p.ts) >= start && Date.parse(p.ts) < start + width);
        const values = inside.map((p) => p.powerKw);
        expect(Object.keys(bucket.metrics)).toEqual(["powerKw"]);
        const summary = bucket.metrics.powerKw;
        expect(summary.count).toBe(values.length);
        expect(summary.min).toBe(Math.min(...values));
        expect(summary.max).toBe(Math.max(...values));
        expect(summary.last).toBe(values.at(-1));
        expect(summary.avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
      }
    }
  });

  it("pages the raw points, oldest first, with only the metrics asked for", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    const points = seed(plant.id);
    const res = await h.request(
      "GET",
      `/api/v1/plants/${plant.id}/telemetry?from=2025-06-15T10:00:00Z&to=2025-06-15T10:10:00Z&metrics=socPct&limit=50&page=2`,
    );
    expect(res.status).toBe(200);
    const inWindow = points.filter((p) => p.ts < "2025-06-15T10:10:00.000Z");
    expect(res.body.meta).toEqual({
      page: 2,
      limit: 50,
      total: inWindow.length,
      totalPages: Math.ceil(inWindow.length / 50),
    });
    expect(res.body.points[0]).toEqual({ ts: inWindow[50]?.ts, metrics: { socPct: inWindow[50]?.socPct } });
    expect(res.body.resolution).toBeNull();
  });

  it("refuses bad windows and hides other organizations' plants", async () => {
    h = await createTestHarness();
    const plant = await h.createPlant();
    const base = `/api/v1/plants/${plant.id}/telemetry`;
    expect((await h.request("GET", `${base}?from=yesterday`)).status).toBe(400);
    const backwards = await h.request("GET", `${base}?from=2025-06-15T10:00:00Z&to=2025-06-15T09:00:00Z`);
    expect(backwards.body.details.issues).toEqual([
      { path: "to", message: "must be after from, by at most 31 days" },
    ]);
    expect((await h.request("GET", `${base}?from=2025-06-15T10:00:00Z&resolution=2m`)).status).toBe(400);
    expect((await h.request("GET", `${base}?from=2025-06-15T10:00:00Z`, { as: "otherViewer" })).status).toBe(
      404,
    );
  });
});
