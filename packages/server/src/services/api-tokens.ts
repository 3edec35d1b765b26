/**
 * API tokens: minting (shown once, stored as a hash), listing and revoking them within the caller's
 * tenancy, and turning a bearer token back into a principal (or the reason it is refused).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { ApiSchemas } from "../api-schemas.ts";
import type { Clock } from "../clock.ts";
import type { ApiTokenRecord, Role } from "../storage/api-tokens.ts";
import type { Store } from "../storage/store.ts";
import { hasRole, organizationScope, type Principal } from "./access.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors.ts";

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
  /** When the token stops working (ISO time); never when absent or null. */
  expiresAt?: string | null | undefined;
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
  const now = clock.now();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && !(Date.parse(expiresAt) > now.getTime())) {
    throw new ValidationError([{ path: "expiresAt", message: "must be a time in the future" }]);
  }
  const token = input.token ?? generateApiToken();
  const record: ApiTokenRecord = {
    id: randomUUID(),
    organizationId: input.organizationId,
    name,
    role: input.role,
    tokenHash: hashApiToken(token),
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  };
  store.apiTokens.insert(record);
  return { token, record };
}

/** Why a bearer token was not accepted; each has its own 401 code. */
export type TokenRefusal = "unknown" | "revoked" | "expired";

/** The principal behind a bearer token, or why there is none. */
export type TokenCheck = { principal: Principal } | { refused: TokenRefusal; tokenId?: string };

/**
 * Looks the token up by its hash and checks it is neither revoked nor expired; notes its last use.
 *
 * @example const check = checkApiToken(store, clock, bearer); if ("refused" in check) …
 */
export function checkApiToken(store: Store, clock: Clock, token: string): TokenCheck {
  const record = store.apiTokens.findByHash(hashApiToken(token));
  if (!record) return { refused: "unknown" };
  if (record.revokedAt !== null) return { refused: "revoked", tokenId: record.id };
  const now = clock.now();
  if (record.expiresAt !== null && now.getTime() >= Date.parse(record.expiresAt)) {
    return { refused: "expired", tokenId: record.id };
  }
  if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_INTERVAL_MS) {
    store.apiTokens.touch(record.id, now.toISOString());
  }
  return { principal: { tokenId: record.id, organizationId: record.organizationId, role: record.role } };
}

/** The principal behind a bearer token, or undefined when the token is unknown, revoked or expired. */
export function authenticateApiToken(store: Store, clock: Clock, token: string): Principal | undefined {
  const check = checkApiToken(store, clock, token);
  return "principal" in check ? check.principal : undefined;
}

/** A token as the API shows it: everything but its hash. */
export type ApiTokenView = Omit<ApiTokenRecord, "tokenHash">;

export function apiTokenView({ tokenHash: _hash, ...visible }: ApiTokenRecord): ApiTokenView {
  return visible satisfies ApiSchemas["ApiToken"];
}

export interface ApiTokenService {
  /** Mints a token in the caller's organization; only a superadmin may mint a superadmin token. */
  create(
    principal: Principal,
    input: { name: string; role: Role; expiresAt?: string | null | undefined },
  ): { token: string; record: ApiTokenRecord };
  /** One page of the caller's organization's tokens (every organization's for a superadmin). */
  list(
    principal: Principal,
    page: { page: number; limit: number },
  ): { items: ApiTokenRecord[]; total: number };
  /** Revokes a token at once; revoking one already revoked changes nothing. */
  revoke(principal: Principal, id: string): ApiTokenRecord;
  /** Whether the token with this id still authenticates (not revoked, not expired): open event streams ask. */
  isStillValid(id: string): boolean;
}

function tokenNotFound(): NotFoundError {
  return new NotFoundError("TOKEN_NOT_FOUND", "API token not found");
}

export function createApiTokenService(deps: { store: Store; clock: Clock }): ApiTokenService {
  const { store, clock } = deps;
  const find = (principal: Principal, id: string) => {
    const record = store.apiTokens.findById(id);
    const scope = organizationScope(principal);
    if (!record || (scope !== undefined && record.organizationId !== scope)) throw tokenNotFound();
    return record;
  };
  return {
    isStillValid(id) {
      const token = store.apiTokens.findById(id);
      if (!token || token.revokedAt !== null) return false;
      return token.expiresAt === null || Date.parse(token.expiresAt) > clock.now().getTime();
    },
    create(principal, input) {
      if (input.role === "superadmin" && !hasRole(principal, "superadmin")) {
        throw new ForbiddenError("Only a superadmin may create a superadmin token");
      }
      return createApiToken(store, clock, { ...input, organizationId: principal.organizationId });
    },
    list(principal, { page, limit }) {
      return store.apiTokens.page(organizationScope(principal), limit, (page - 1) * limit);
    },
    revoke(principal, id) {
      find(principal, id);
      store.apiTokens.revoke(id, clock.now().toISOString());
      return find(principal, id);
    },
  };
}
