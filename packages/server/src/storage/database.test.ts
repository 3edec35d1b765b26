import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./database.ts";
import { currentVersion, type Migration, migrations, SchemaVersionError } from "./migrations/index.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "voke-db-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tables = (db: ReturnType<typeof openDatabase>) =>
  (
    db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);

describe("openDatabase", () => {
  it("creates the whole schema in memory and records the migration", () => {
    const db = openDatabase(":memory:");
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        "organizations",
        "api_tokens",
        "templates",
        "plants",
        "plant_credentials",
        "revoked_certificates",
        "commands",
        "alert_rules",
        "alerts",
        "telemetry",
        "seen_nonces",
        "idempotency_keys",
        "schema_migrations",
      ]),
    );
    expect(currentVersion(db)).toBe(migrations.length);
    db.close();
  });

  it("seeds read-only system templates of level PLANT and DEVICE", () => {
    const db = openDatabase(":memory:");
    const levels = db.sqlite
      .prepare("SELECT DISTINCT level FROM templates WHERE is_system = 1 ORDER BY level")
      .all();
    expect(levels.map((row) => row.level)).toEqual(["DEVICE", "PLANT"]);
    db.close();
  });

  it("turns foreign keys on", () => {
    const db = openDatabase(":memory:");
    expect(() =>
      db.sqlite
        .prepare(
          "INSERT INTO api_tokens (id, organization_id, name, role, token_hash, created_at) VALUES ('t', 'missing', 'n', 'admin', 'h', 'x')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it("uses WAL for a file, creates it with mode 0600 and applies migrations once across reopenings", () => {
    const path = join(tempDir(), "nested", "voke.db");
    const first = openDatabase(path);
    expect((first.sqlite.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe(
      "wal",
    );
    first.sqlite.exec("INSERT INTO organizations VALUES ('o1', 'Org', 'x', 'x')");
    first.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const second = openDatabase(path);
    expect(second.sqlite.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get()).toEqual({
      n: migrations.length,
    });
    expect(second.sqlite.prepare("SELECT name FROM organizations").get()).toEqual({ name: "Org" });
    second.close();
  });

  it("applies a new migration on top of an existing database", () => {
    const path = join(tempDir(), "voke.db");
    openDatabase(path).close();
    const extra: Migration = {
      version: migrations.length + 1,
      name: "extra",
      sql: "CREATE TABLE extra (x TEXT)",
    };
    const db = openDatabase(path, { migrations: [...migrations, extra] });
    expect(tables(db)).toContain("extra");
    expect(currentVersion(db)).toBe(migrations.length + 1);
    db.close();
  });

  it("refuses a database written by a newer server", () => {
    const path = join(tempDir(), "voke.db");
    const extra: Migration = {
      version: migrations.length + 1,
      name: "extra",
      sql: "CREATE TABLE extra (x TEXT)",
    };
    openDatabase(path, { migrations: [...migrations, extra] }).close();
    expect(() => openDatabase(path)).toThrow(SchemaVersionError);
  });

  it("rolls a failed migration back entirely", () => {
    const path = join(tempDir(), "voke.db");
    openDatabase(path).close();
    const broken: Migration = {
      version: migrations.length + 1,
      name: "broken",
      sql: "CREATE TABLE half (x TEXT); INSERT INTO nowhere VALUES (1);",
    };
    expect(() => openDatabase(path, { migrations: [...migrations, broken] })).toThrow(/nowhere/);
    const db = openDatabase(path);
    expect(tables(db)).not.toContain("half");
    expect(currentVersion(db)).toBe(migrations.length);
    db.close();
  });
});

describe("transaction", () => {
  const count = (db: ReturnType<typeof openDatabase>) =>
    (db.sqlite.prepare("SELECT COUNT(*) AS n FROM organizations").get() as { n: number }).n;
  const insert = (db: ReturnType<typeof openDatabase>, id: string) =>
    db.sqlite.prepare("INSERT INTO organizations VALUES (?, 'n', 'x', 'x')").run(id);

  it("commits on return and rolls back on throw", () => {
    const db = openDatabase(":memory:");
    expect(
      db.transaction(() => {
        insert(db, "a");
        return "done";
      }),
    ).toBe("done");
    expect(() =>
      db.transaction(() => {
        insert(db, "b");
        throw new Error("stop");
      }),
    ).toThrow("stop");
    expect(count(db)).toBe(1);
    expect(db.sqlite.isTransaction).toBe(false);
    db.close();
  });

  it("nests with savepoints: an inner failure undoes only the inner work", () => {
    const db = openDatabase(":memory:");
    db.transaction(() => {
      insert(db, "outer");
      expect(() =>
        db.transaction(() => {
          insert(db, "inner");
          throw new Error("inner failed");
        }),
      ).toThrow("inner failed");
    });
    expect(
      db.sqlite
        .prepare("SELECT id FROM organizations")
        .all()
        .map((row) => row.id),
    ).toEqual(["outer"]);
    db.close();
  });

  it("nests three deep under one savepoint name: each failure undoes its own level only", () => {
    const db = openDatabase(":memory:");
    db.transaction(() => {
      insert(db, "outer");
      db.transaction(() => {
        insert(db, "middle");
        expect(() =>
          db.transaction(() => {
            insert(db, "inner");
            throw new Error("inner failed");
          }),
        ).toThrow("inner failed");
        insert(db, "middle-after");
      });
      expect(() =>
        db.transaction(() => {
          insert(db, "second");
          db.transaction(() => insert(db, "second-inner"));
          throw new Error("second failed");
        }),
      ).toThrow("second failed");
    });
    expect(
      db.sqlite
        .prepare("SELECT id FROM organizations ORDER BY id")
        .all()
        .map((row) => row.id),
    ).toEqual(["middle", "middle-after", "outer"]);
    db.close();
  });

  it("refuses an async function, which would hold the transaction across awaits", () => {
    const db = openDatabase(":memory:");
    expect(() => db.transaction(async () => insert(db, "a"))).toThrow(/synchronous/);
    expect(count(db)).toBe(0);
    db.close();
  });
});
