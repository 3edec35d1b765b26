// Batched writes: one transaction per event-loop turn, callbacks only after the commit, and a failing write
// never takes the others with it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { type Database, openDatabase } from "../storage/database.ts";
import { createWriteBatch } from "./write-batch.ts";

let db: Database;
beforeEach(() => {
  db = openDatabase(":memory:", { migrations: [] });
  db.sqlite.exec("CREATE TABLE t (v INTEGER PRIMARY KEY)");
});
afterEach(() => db.close());

const values = () =>
  (db.sqlite.prepare("SELECT v FROM t ORDER BY v").all() as { v: number }[]).map((row) => row.v);

describe("write batch", () => {
  it("runs every write queued in one turn together, on the next turn", async () => {
    const batch = createWriteBatch(db, createLogger({ level: "silent" }));
    const insert = db.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const seenInside: boolean[] = [];
    for (const v of [1, 2, 3]) {
      batch.add(() => {
        insert.run(v);
        seenInside.push(db.sqlite.isTransaction);
      });
    }
    expect(values()).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(values()).toEqual([1, 2, 3]);
    expect(seenInside).toEqual([true, true, true]);
  });

  it("flushes on demand, and keeps the good writes when one fails", () => {
    const lines: string[] = [];
    const batch = createWriteBatch(db, createLogger({ level: "warn", write: (line) => lines.push(line) }));
    const insert = db.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    batch.add(() => insert.run(1));
    batch.add(() => insert.run(1)); // duplicate key
    batch.add(() => insert.run(2));
    batch.flush();
    expect(values()).toEqual([1, 2]);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      "batched write failed; retrying one by one",
      "device message write failed",
    ]);
  });

  it("calls each write's callback only after its transaction has committed", async () => {
    const batch = createWriteBatch(db, createLogger({ level: "silent" }));
    const insert = db.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const settled: { v: number; error: Error | null; stored: number[]; inTransaction: boolean }[] = [];
    for (const v of [1, 2]) {
      batch.add(
        () => insert.run(v),
        (error) => settled.push({ v, error, stored: values(), inTransaction: db.sqlite.isTransaction }),
      );
    }
    expect(settled).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual([
      { v: 1, error: null, stored: [1, 2], inTransaction: false },
      { v: 2, error: null, stored: [1, 2], inTransaction: false },
    ]);
  });

  it("hands the error to the callback of a write that could not be stored, and null to the others", () => {
    const batch = createWriteBatch(db, createLogger({ level: "silent" }));
    const insert = db.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const outcomes: (string | null)[] = [];
    const record = (error: Error | null) => outcomes.push(error === null ? null : error.message);
    batch.add(() => insert.run(7), record);
    batch.add(() => insert.run(7), record); // duplicate key
    batch.add(() => insert.run(8), record);
    batch.flush();
    expect(values()).toEqual([7, 8]);
    expect(outcomes[0]).toBeNull();
    expect(outcomes[1]).toMatch(/UNIQUE constraint failed/);
    expect(outcomes[2]).toBeNull();
  });

  it("keeps flushing when a callback throws", () => {
    const lines: string[] = [];
    const batch = createWriteBatch(db, createLogger({ level: "error", write: (line) => lines.push(line) }));
    const insert = db.sqlite.prepare("INSERT INTO t (v) VALUES (?)");
    const calls: number[] = [];
    batch.add(
      () => insert.run(1),
      () => {
        throw new Error("client gone");
      },
    );
    batch.add(
      () => insert.run(2),
      () => calls.push(2),
    );
    batch.flush();
    expect(values()).toEqual([1, 2]);
    expect(calls).toEqual([2]);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(["write callback failed"]);
  });
});
