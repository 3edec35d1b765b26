/**
 * The bytes of a database as SQLite would write them to disk, for tests that look for secrets in
 * plain text. `DatabaseSync.serialize()` would do, but Node 22 (the minimum) does not have it:
 * `VACUUM INTO` a scratch file works on every supported Node, in-memory databases included.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";

/** The database's content as one latin1 string of its file bytes. */
export function databaseBytes(sqlite: DatabaseSync): string {
  const dir = mkdtempSync(join(tmpdir(), "voke-db-bytes-"));
  try {
    const file = join(dir, "copy.db");
    sqlite.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
    return readFileSync(file).toString("latin1");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
