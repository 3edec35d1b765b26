/** API tokens: minting (shown once, stored as a hash) and turning a bearer token back into a principal. */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { ApiTokenRecord, Role } from "../storage/api-tokens.ts";
import type { Store } from "../storage/store.ts";
import type { Principal } from "./access.ts";
import { ValidationError } from "./errors.ts";

const PREFIX = "voke_";
// Writing last_used_at on every request would turn every read into a write; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

/** A new random token: `voke_` + 32 random bytes in base64url. */
export function generateApiToken(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

/** SHA-256 hex of the token: what the database keeps instead of the token. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface CreateApiTokenInput {
  organizationId: string;
  role: Role;
  name: string;
  /** Use this token instead of a random one (VOKE_BOOTSTRAP_TOKEN). */
  token?: string | undefined;
}

/**
 * Mints a token for an organization. The returned `token` is the only time it exists in plain text.
 *
 * @example const { token } = createApiToken(store, clock, { organizationId, role: "admin", name: "ci" });
 */
export function createApiToken(
  store: Store,
  clock: Clock,
  input: CreateApiTokenInput,
): { token: string; record: ApiTokenRecord } {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new ValidationError([{ path: "name", message: "must be 1 to 100 characters" }]);
  }
  if (!store.organizations.findById(input.organizationId)) {
    throw new ValidationError([{ path: "organizationId", message: "no such organization" }]);
  }
  const token = input.token ?? generateApiToken();
  const record: ApiTokenRecord = {
    id: randomUUID(),
    organizationId: input.organizationId,
    name,
    role: input.role,
    tokenHash: hashApiToken(token),
    createdAt: clock.now().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  store.apiTokens.insert(record);
  return { token, record };
}

/** The principal behind a bearer token, or undefined when the token is unknown or revoked. */
export function authenticateApiToken(store: Store, clock: Clock, token: string): Principal | undefined {
  const record = store.apiTokens.findByHash(hashApiToken(token));
  if (!record || record.revokedAt !== null) return undefined;
  const now = clock.now();
  if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS) {
    store.apiTokens.touch(record.id, now.toISOString());
  }
  return { tokenId: record.id, organizationId: record.organizationId, role: record.role };
}
