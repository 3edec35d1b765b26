/** Opens the SQLite database (node:sqlite), applies migrations and runs work inside transactions. */
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { migrations as allMigrations, type Migration, migrate } from "./migrations/index.ts";

export interface Database {
  readonly sqlite: DatabaseSync;
  /**
   * Runs `fn` in a transaction (a savepoint when already inside one): committed when it returns, rolled
   * back when it throws. `fn` must be synchronous — never hold a transaction across an `await`.
   *
   * @example db.transaction(() => { plants.insert(plant); credentials.upsert(credential); });
   */
  transaction<T>(fn: () => T): T;
  /**
   * A value that changes whenever anyone writes to the database: this connection (SQLite's total_changes)
   * or another process (PRAGMA data_version). A query result cached under it is still right while it holds.
   */
  writeStamp(): string;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** The migrations to apply; every migration the server knows by default. */
  migrations?: readonly Migration[];
  /** How long a writer waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database at `path`, or an in-memory one for `":memory:"`, with WAL,
 * foreign keys on and a busy timeout, then brings the schema up to date. A file database is created
 * with mode 0600 because it holds sealed secrets and token hashes.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  const inMemory = path === ":memory:";
  if (!inMemory) createPrivateFile(path);
  const sqlite = new DatabaseSync(path, {
    enableForeignKeyConstraints: true,
    timeout: options.busyTimeoutMs ?? 5000,
  });
  try {
    if (!inMemory) sqlite.exec("PRAGMA journal_mode = WAL");
    // WAL with synchronous NORMAL: a commit is in the WAL file when COMMIT returns, so it survives the process
    // being killed (kill -9); only the checkpoints that copy the WAL into the database wait for fsync.
    sqlite.exec("PRAGMA synchronous = NORMAL");
    // Checkpoint every 4000 WAL pages (16 MiB) instead of SQLite's 1000: the telemetry indexes' hot pages are
    // then copied back once per checkpoint for several times as many commits, and the event loop waits for
    // the checkpoint's fsync a quarter as often.
    if (!inMemory) sqlite.exec("PRAGMA wal_autocheckpoint = 4000");
    const database = createDatabase(sqlite);
    migrate(database, options.migrations ?? allMigrations);
    return database;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function createDatabase(sqlite: DatabaseSync): Database {
  // Prepared once: the write batch opens a transaction per turn of the event loop and a savepoint per message.
  // One savepoint name serves every depth, since SQLite releases or rolls back the innermost of that name.
  const control = {
    begin: sqlite.prepare("BEGIN IMMEDIATE"),
    commit: sqlite.prepare("COMMIT"),
    rollback: sqlite.prepare("ROLLBACK"),
    savepoint: sqlite.prepare("SAVEPOINT nested"),
    release: sqlite.prepare("RELEASE nested"),
    rollbackTo: sqlite.prepare("ROLLBACK TO nested"),
  };
  let stamp: { own: StatementSync; other: StatementSync } | undefined;
  return {
    sqlite,
    writeStamp() {
      // Prepared on first use: the migrations have run by then, and a closed database never gets here.
      if (!stamp) {
        stamp = {
          own: sqlite.prepare("SELECT total_changes()"),
          other: sqlite.prepare("PRAGMA data_version"),
        };
        stamp.own.setReturnArrays(true);
        stamp.other.setReturnArrays(true);
      }
      const own = (stamp.own.get() as unknown as [number])[0];
      const other = (stamp.other.get() as unknown as [number])[0];
      return `${own}:${other}`;
    },
    transaction<T>(fn: () => T): T {
      if (sqlite.isTransaction) {
        control.savepoint.run();
        try {
          const result = fn();
          control.release.run();
          return result;
        } catch (error) {
          control.rollbackTo.run();
          control.release.run();
          throw error;
        }
      }
      // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading read locks.
      control.begin.run();
      try {
        const result = fn();
        if (isThenable(result)) throw new TypeError("transaction(fn): fn must be synchronous");
        control.commit.run();
        return result;
      } catch (error) {
        if (sqlite.isTransaction) control.rollback.run();
        throw error;
      }
    },
    close() {
      if (sqlite.isOpen) sqlite.close();
    },
  };
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  // The umask or an older file may have left wider bits; SQLite gives -wal and -shm the same mode.
  chmodSync(path, 0o600);
}
