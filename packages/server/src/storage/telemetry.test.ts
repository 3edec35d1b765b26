// A telemetry sample and its minute summaries are stored all or nothing, alone or inside a caller's transaction.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./store.ts";

let store: Store;
const plantId = "3f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const record = {
  plantId,
  ts: "2025-06-01T12:00:05.000Z",
  metrics: { producedKwh: 1.5, soc: 70 },
  receivedAt: "2025-06-01T12:00:05.100Z",
};

beforeEach(() => {
  store = openStore(":memory:");
  store.db.sqlite.exec(`
    INSERT INTO organizations VALUES ('org-1', 'Acme', 'now', 'now');
    INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, created_at, updated_at)
      VALUES ('${plantId}', 'org-1', 'p', 'SN-1', 'SENSOR', 'PASSWORD', 'now', 'now');
  `);
});
afterEach(() => store.close());

const rows = () => ({
  telemetry: (store.db.sqlite.prepare("SELECT COUNT(*) AS n FROM telemetry").get() as { n: number }).n,
  minutes: (store.db.sqlite.prepare("SELECT COUNT(*) AS n FROM telemetry_minutes").get() as { n: number }).n,
});

/** Makes the summary of the metric `soc` fail, as a full disk would halfway through a sample. */
function failSocSummary(): void {
  store.db.sqlite.exec(`CREATE TRIGGER fail_soc BEFORE INSERT ON telemetry_minutes WHEN NEW.metric = 'soc'
    BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
}

describe("telemetry insert", () => {
  it("stores the sample and one summary per metric", () => {
    store.telemetry.insert(record);
    expect(rows()).toEqual({ telemetry: 1, minutes: 2 });
  });

  it("alone: a failure part-way leaves nothing behind", () => {
    failSocSummary();
    expect(() => store.telemetry.insert(record)).toThrow(/simulated failure/);
    expect(rows()).toEqual({ telemetry: 0, minutes: 0 });
  });

  it("inside a transaction: a failure throws to it, and its rollback leaves nothing behind", () => {
    store.telemetry.insert(record);
    failSocSummary();
    expect(() =>
      store.transaction(() => {
        store.telemetry.insert({ ...record, ts: "2025-06-01T12:01:05.000Z" });
      }),
    ).toThrow(/simulated failure/);
    expect(rows()).toEqual({ telemetry: 1, minutes: 2 });
  });
});
