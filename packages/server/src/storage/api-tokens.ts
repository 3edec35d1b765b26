/** The api_tokens table: API bearer tokens, stored only as their SHA-256 hash. */
import type { ApiSchemas } from "../api-schemas.ts";
import type { Database } from "./database.ts";
import { type Row, text, textOrNull } from "./rows.ts";

export type Role = ApiSchemas["ApiTokenRole"];

export interface ApiTokenRecord {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  /** SHA-256 of the token, lowercase hex. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** After this instant the token is refused (401 TOKEN_EXPIRED); null: never. */
  expiresAt: string | null;
}

export interface ApiTokenStore {
  insert(token: ApiTokenRecord): void;
  findByHash(tokenHash: string): ApiTokenRecord | undefined;
  findById(id: string): ApiTokenRecord | undefined;
  /** Tokens oldest first; of one organization, or all. */
  list(organizationId?: string): ApiTokenRecord[];
  /** One page of tokens oldest first (createdAt, then id); of one organization, or all. */
  page(
    organizationId: string | undefined,
    limit: number,
    offset: number,
  ): { items: ApiTokenRecord[]; total: number };
  count(): number;
  touch(id: string, at: string): void;
  revoke(id: string, at: string): boolean;
}

export function createApiTokenStore(db: Database): ApiTokenStore {
  const insert = db.sqlite.prepare(
    `INSERT INTO api_tokens (id, organization_id, name, role, token_hash, created_at, last_used_at, revoked_at, expires_at)
     VALUES (:id, :organizationId, :name, :role, :tokenHash, :createdAt, :lastUsedAt, :revokedAt, :expiresAt)`,
  );
  const byHash = db.sqlite.prepare("SELECT * FROM api_tokens WHERE token_hash = ?");
  const byId = db.sqlite.prepare("SELECT * FROM api_tokens WHERE id = ?");
  const all = db.sqlite.prepare("SELECT * FROM api_tokens ORDER BY created_at, id");
  const ofOrganization = db.sqlite.prepare(
    "SELECT * FROM api_tokens WHERE organization_id = ? ORDER BY created_at, id",
  );
  const count = db.sqlite.prepare("SELECT COUNT(*) AS n FROM api_tokens");
  const pageAll = db.sqlite.prepare("SELECT * FROM api_tokens ORDER BY created_at, id LIMIT ? OFFSET ?");
  const pageOf = db.sqlite.prepare(
    "SELECT * FROM api_tokens WHERE organization_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
  );
  const countOf = db.sqlite.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE organization_id = ?");
  const touch = db.sqlite.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  const revoke = db.sqlite.prepare(
    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
  );
  return {
    insert: (token) => {
      insert.run({ ...token });
    },
    findByHash: (tokenHash) => {
      const row = byHash.get(tokenHash) as Row | undefined;
      return row ? toApiToken(row) : undefined;
    },
    findById: (id) => {
      const row = byId.get(id) as Row | undefined;
      return row ? toApiToken(row) : undefined;
    },
    list: (organizationId) =>
      ((organizationId === undefined ? all.all() : ofOrganization.all(organizationId)) as Row[]).map(
        toApiToken,
      ),
    page: (organizationId, limit, offset) => {
      const rows = (
        organizationId === undefined ? pageAll.all(limit, offset) : pageOf.all(organizationId, limit, offset)
      ) as Row[];
      const total = organizationId === undefined ? count.get() : countOf.get(organizationId);
      return { items: rows.map(toApiToken), total: Number((total as Row).n) };
    },
    count: () => Number((count.get() as Row).n),
    touch: (id, at) => {
      touch.run(at, id);
    },
    revoke: (id, at) => Number(revoke.run(at, id).changes) > 0,
  };
}

function toApiToken(row: Row): ApiTokenRecord {
  return {
    id: text(row, "id"),
    organizationId: text(row, "organization_id"),
    name: text(row, "name"),
    role: text(row, "role") as Role,
    tokenHash: text(row, "token_hash"),
    createdAt: text(row, "created_at"),
    lastUsedAt: textOrNull(row, "last_used_at"),
    revokedAt: textOrNull(row, "revoked_at"),
    expiresAt: textOrNull(row, "expires_at"),
  };
}
