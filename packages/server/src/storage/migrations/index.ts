/** The ordered schema migrations and the runner that applies the missing ones, one transaction each. */
import type { Database } from "../database.ts";
import { initialSchema } from "./001-initial-schema.ts";
import { apiTokenLifecycle } from "./002-api-token-lifecycle.ts";
import { idempotencyRecovery } from "./003-idempotency-recovery.ts";
import { brokerRefusals } from "./004-broker-refusals.ts";
import { eventsAndTelemetryMinutes } from "./005-events-and-telemetry-minutes.ts";
import { appendOnlyNonces } from "./006-append-only-nonces.ts";
import { telemetryStaging } from "./007-telemetry-staging.ts";

export interface Migration {
  /** 1, 2, 3… in order; recorded in `schema_migrations`. */
  version: number;
  name: string;
  sql: string;
  /**
   * Run with foreign keys off (SQLite's way to rebuild a table others refer to); the references are
   * checked before the migration commits.
   */
  foreignKeysOff?: boolean;
}

/** Every migration, oldest first. Add a new file and append it here; never edit one that shipped. */
export const migrations: readonly Migration[] = [
  initialSchema,
  apiTokenLifecycle,
  idempotencyRecovery,
  brokerRefusals,
  eventsAndTelemetryMinutes,
  appendOnlyNonces,
  telemetryStaging,
];

/** The database was written by a newer server than this one. */
export class SchemaVersionError extends Error {
  override readonly name = "SchemaVersionError";
}

/** Applies the migrations the database has not seen yet; returns the versions applied. */
export function migrate(db: Database, list: readonly Migration[]): number[] {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
  db.sqlite.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  const applied: number[] = [];
  for (const migration of list) {
    // Checked inside the write transaction so two processes starting together apply each migration once.
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
    if (migration.foreignKeysOff) db.sqlite.exec("PRAGMA foreign_keys = OFF");
    try {
      db.transaction(() => {
        const current = currentVersion(db);
        if (current >= migration.version) return;
        db.sqlite.exec(migration.sql);
        if (migration.foreignKeysOff) {
          const broken = db.sqlite.prepare("PRAGMA foreign_key_check").all();
          if (broken.length > 0) {
            throw new Error(`migration ${migration.name} broke ${broken.length} foreign key reference(s)`);
          }
        }
        db.sqlite
          .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run(migration.version, migration.name, new Date().toISOString());
        applied.push(migration.version);
      });
    } finally {
      if (migration.foreignKeysOff) db.sqlite.exec("PRAGMA foreign_keys = ON");
    }
  }
  const current = currentVersion(db);
  if (current > list.length) {
    throw new SchemaVersionError(
      `the database schema is at version ${current} but this server knows only ${list.length}; use a newer server`,
    );
  }
  return applied;
}

/** The highest migration version applied, 0 for a new database. */
export function currentVersion(db: Database): number {
  const row = db.sqlite.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as
    | { version: number | null }
    | undefined;
  return row?.version ?? 0;
}
