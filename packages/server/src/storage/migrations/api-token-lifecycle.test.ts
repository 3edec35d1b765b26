import { describe, expect, it } from "vitest";
import { openDatabase } from "../database.ts";
import { initialSchema } from "./001-initial-schema.ts";
import { apiTokenLifecycle } from "./002-api-token-lifecycle.ts";
import { migrate } from "./index.ts";

describe("migration 2: API token lifecycle", () => {
  it("keeps every token and the idempotency keys that refer to them, and admits provisioner and expiry", () => {
    const db = openDatabase(":memory:", { migrations: [initialSchema] });
    const sqlite = db.sqlite;
    sqlite.exec(`
      INSERT INTO organizations VALUES ('org-1', 'Acme', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
      INSERT INTO api_tokens (id, organization_id, name, role, token_hash, created_at, last_used_at, revoked_at)
        VALUES ('tok-1', 'org-1', 'ci', 'admin', 'hash-1', '2025-01-01T00:00:00.000Z', NULL, '2025-02-01T00:00:00.000Z');
      INSERT INTO idempotency_keys (token_id, organization_id, key, request_method, request_path, request_hash, created_at)
        VALUES ('tok-1', 'org-1', 'k1', 'POST', '/api/v1/plants', 'h', '2025-01-01T00:00:00.000Z');
    `);
    expect(() =>
      sqlite.exec(
        "INSERT INTO api_tokens (id, organization_id, name, role, token_hash, created_at) VALUES ('tok-2', 'org-1', 'x', 'provisioner', 'hash-2', 'now')",
      ),
    ).toThrow(/CHECK/);

    migrate(db, [initialSchema, apiTokenLifecycle]);

    expect(sqlite.prepare("SELECT id, role, revoked_at, expires_at FROM api_tokens").all()).toEqual([
      { id: "tok-1", role: "admin", revoked_at: "2025-02-01T00:00:00.000Z", expires_at: null },
    ]);
    expect(sqlite.prepare("SELECT key FROM idempotency_keys").all()).toEqual([{ key: "k1" }]);
    sqlite.exec(
      "INSERT INTO api_tokens (id, organization_id, name, role, token_hash, created_at, expires_at) VALUES ('tok-2', 'org-1', 'x', 'provisioner', 'hash-2', 'now', 'later')",
    );
    // Foreign keys are back on: a cascade still reaches idempotency keys.
    expect(sqlite.prepare("PRAGMA foreign_keys").get()).toEqual({ foreign_keys: 1 });
    sqlite.exec("DELETE FROM api_tokens WHERE id = 'tok-1'");
    expect(sqlite.prepare("SELECT COUNT(*) AS n FROM idempotency_keys").get()).toEqual({ n: 0 });
    db.close();
  });
});
