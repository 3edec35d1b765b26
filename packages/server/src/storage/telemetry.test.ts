// Telemetry is staged, then folded into the main tables; every read answers the same whenever the fold runs.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./store.ts";
import type { TelemetryRecord, TelemetryStore } from "./telemetry.ts";

let store: Store;
const plantIds = ["3f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5", "5b6a7c8d-1e2f-4a3b-9c8d-7e6f5a4b3c2d"];
const plantId = plantIds[0] as string;
const record = {
  plantId,
  ts: "2025-06-01T12:00:05.000Z",
  metrics: { producedKwh: 1.5, soc: 70 },
  receivedAt: "2025-06-01T12:00:05.100Z",
};

function openWithPlants(path = ":memory:"): Store {
  const opened = openStore(path);
  opened.db.sqlite.exec("INSERT INTO organizations VALUES ('org-1', 'Acme', 'now', 'now')");
  plantIds.forEach((id, index) => {
    opened.db.sqlite
      .prepare(
        `INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, created_at, updated_at)
           VALUES (?, 'org-1', 'p', ?, 'SENSOR', 'PASSWORD', 'now', 'now')`,
      )
      .run(id, `SN-${index}`);
  });
  return opened;
}

beforeEach(() => {
  store = openWithPlants();
});
afterEach(() => store.close());

const countOf = (table: string, of = store) =>
  (of.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const rows = (of = store) => ({
  staged: countOf("telemetry_recent", of),
  telemetry: countOf("telemetry", of),
  minutes: countOf("telemetry_minutes", of),
});

/** Makes the summary of the metric `soc` fail, as a full disk would halfway through a fold. */
function failSocSummary(): void {
  store.db.sqlite.exec(`CREATE TRIGGER fail_soc BEFORE INSERT ON telemetry_minutes WHEN NEW.metric = 'soc'
    BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
}

describe("telemetry insert and fold", () => {
  it("stages the sample, readable at once; the fold moves it and writes one summary per metric", () => {
    store.telemetry.insert(record);
    expect(rows()).toEqual({ staged: 1, telemetry: 0, minutes: 0 });
    expect(store.telemetry.listForPlant(plantId, "2025-06-01", "2025-06-02")).toEqual([record]);
    expect(store.telemetry.fold()).toBe(1);
    expect(rows()).toEqual({ staged: 0, telemetry: 1, minutes: 2 });
    expect(store.telemetry.listForPlant(plantId, "2025-06-01", "2025-06-02")).toEqual([record]);
  });

  it("a fold that fails part-way leaves every row staged and readable", () => {
    store.telemetry.insert(record);
    failSocSummary();
    expect(() => store.telemetry.fold()).toThrow(/simulated failure/);
    expect(rows()).toEqual({ staged: 1, telemetry: 0, minutes: 0 });
    expect(
      store.telemetry.pageForPlant(plantId, "2025-06-01", "2025-06-02", { limit: 10, offset: 0 }).total,
    ).toBe(1);
  });

  it("inside a transaction: a rollback takes the staged sample with it", () => {
    expect(() =>
      store.transaction(() => {
        store.telemetry.insert(record);
        throw new Error("batch failed");
      }),
    ).toThrow(/batch failed/);
    expect(rows()).toEqual({ staged: 0, telemetry: 0, minutes: 0 });
  });

  it("summaries keep the last value by ts, the later stored on a tie, across folds", () => {
    const at = (ts: string, soc: number) => ({ ...record, ts, metrics: { soc } });
    store.telemetry.insert(at("2025-06-01T12:00:30.000Z", 1));
    store.telemetry.insert(at("2025-06-01T12:00:10.000Z", 2));
    store.telemetry.fold();
    store.telemetry.insert(at("2025-06-01T12:00:30.000Z", 3));
    store.telemetry.insert(at("2025-06-01T12:00:20.000Z", 4));
    const expected = [
      {
        minute: "2025-06-01T12:00",
        metric: "soc",
        count: 4,
        sum: 10,
        min: 1,
        max: 4,
        lastTs: "2025-06-01T12:00:30.000Z",
        last: 3,
      },
    ];
    expect(store.telemetry.minutesForPlant(plantId, "2025-06-01T12:00", "2025-06-01T12:01")).toEqual(
      expected,
    );
    store.telemetry.fold();
    expect(store.telemetry.minutesForPlant(plantId, "2025-06-01T12:00", "2025-06-01T12:01")).toEqual(
      expected,
    );
  });

  it("folds what a crash left staged when the next process opens the database", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "voke-telemetry-"));
    try {
      const path = join(dir, "voke.db");
      const first = openWithPlants(path);
      first.telemetry.insert(record);
      // No fold before the process ends: the staged row is all there is.
      first.close();
      const second = openStore(path);
      try {
        expect(rows(second)).toEqual({ staged: 1, telemetry: 0, minutes: 0 });
        expect(second.telemetry.fold()).toBe(1);
        expect(rows(second)).toEqual({ staged: 0, telemetry: 1, minutes: 2 });
        expect(second.telemetry.lastBefore(plantId, "2025-06-02")).toEqual(record);
      } finally {
        second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("folds on the next turn once the staged rows reach the threshold", async () => {
    const { createTelemetryStore } = await import("./telemetry.ts");
    const telemetry = createTelemetryStore(store.db, { foldAfterRows: 3 });
    store.transaction(() => {
      for (let i = 0; i < 3; i++) telemetry.insert(record);
    });
    expect(rows()).toMatchObject({ staged: 3, telemetry: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows()).toMatchObject({ staged: 0, telemetry: 3 });
  });
});

describe("reads across staged and folded rows", () => {
  const minuteOf = (index: number) => `2025-06-01T12:0${index}`;
  const sample = fc.record({
    plant: fc.constantFrom(...plantIds),
    minute: fc.integer({ min: 0, max: 3 }),
    second: fc.integer({ min: 0, max: 5 }),
    received: fc.integer({ min: 0, max: 9 }),
    // Integers: sums are then exact in any order (the fold adds a minute's values up before adding them on).
    metrics: fc.dictionary(fc.constantFrom("soc", "kw", "temp"), fc.integer({ min: -1000, max: 1000 }), {
      minKeys: 1,
    }),
    foldAfter: fc.boolean(),
  });

  function answers(telemetry: TelemetryStore) {
    return plantIds.flatMap((id) => [
      telemetry.listForPlant(id, "2025-06-01T12:01", "2025-06-01T12:03"),
      telemetry.listForPlant(id, "2025-06-01", "2025-06-02"),
      telemetry.pageForPlant(id, "2025-06-01", "2025-06-02", { limit: 3, offset: 2 }),
      telemetry.pageForPlant(id, "2025-06-01T12:00:03", "2025-06-01T12:02:04", { limit: 100, offset: 0 }),
      telemetry.minutesForPlant(id, "2025-06-01T12:00", "2025-06-01T12:04"),
      telemetry.minutesForPlant(id, "2025-06-01T12:01", "2025-06-01T12:03", ["soc", "kw"]),
      ...[0, 1, 2, 3, 4].map((minute) => telemetry.lastBefore(id, `${minuteOf(minute)}:03`)),
    ]);
  }

  it("give the same answers whenever the fold runs as with a fold after every insert", () => {
    fc.assert(
      fc.property(
        fc.array(sample, { maxLength: 40 }),
        fc.integer({ min: 0, max: 12 }),
        (samples, pruneAt) => {
          const staged = openWithPlants();
          const folded = openWithPlants();
          try {
            for (const s of samples) {
              const row: TelemetryRecord = {
                plantId: s.plant,
                ts: `${minuteOf(s.minute)}:0${s.second}.000Z`,
                metrics: s.metrics,
                // Received in the minute before every ts, so the prune below cuts raw rows but no minute summary.
                receivedAt: `2025-06-01T11:59:0${s.received}.000Z`,
              };
              staged.telemetry.insert(row);
              if (s.foldAfter) staged.telemetry.fold();
              folded.telemetry.insert(row);
              folded.telemetry.fold();
            }
            expect(answers(staged.telemetry)).toEqual(answers(folded.telemetry));
            const before = `2025-06-01T11:59:0${Math.min(pruneAt, 9)}.000Z`;
            expect(staged.telemetry.deleteReceivedBefore(before, 1000)).toBe(
              folded.telemetry.deleteReceivedBefore(before, 1000),
            );
            expect(answers(staged.telemetry)).toEqual(answers(folded.telemetry));
            staged.telemetry.fold();
            expect(answers(staged.telemetry)).toEqual(answers(folded.telemetry));
          } finally {
            staged.close();
            folded.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
