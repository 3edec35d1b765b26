/** API tokens gain an expiry and the `provisioner` role (CI: create, provision and download plants). */
import type { Migration } from "./index.ts";

// SQLite cannot change a CHECK constraint in place: the table is rebuilt (foreign keys off meanwhile,
// so idempotency_keys rows that point at a token are neither cascaded away nor left dangling).
const sql = `
CREATE TABLE api_tokens_new (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name             TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'provisioner', 'admin', 'superadmin')),
  token_hash       TEXT NOT NULL UNIQUE,   -- sha-256 hex of the token; the token itself is never stored
  created_at       TEXT NOT NULL,
  last_used_at     TEXT,
  revoked_at       TEXT,
  expires_at       TEXT                    -- NULL: never expires
);
INSERT INTO api_tokens_new (id, organization_id, name, role, token_hash, created_at, last_used_at, revoked_at)
  SELECT id, organization_id, name, role, token_hash, created_at, last_used_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_organization ON api_tokens (organization_id);
`;

export const apiTokenLifecycle: Migration = {
  version: 2,
  name: "api-token-lifecycle",
  sql,
  foreignKeysOff: true,
};
