// Batched writes: one transaction per event-loop turn, and a failing write never takes the others with it.
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
});
