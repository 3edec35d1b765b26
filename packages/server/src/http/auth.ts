/**
 * Bearer-token authentication (→ the request's principal), throttling of failed attempts per source
 * address, and per-route minimum roles.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Clock } from "../clock.ts";
import { hasRole, type Principal, type Role } from "../services/access.ts";
import { checkApiToken, type TokenRefusal } from "../services/api-tokens.ts";
import { ForbiddenError } from "../services/errors.ts";
import type { Store } from "../storage/store.ts";
import { clientAddress } from "./client-address.ts";
import type { AppEnv } from "./env.ts";
import { HttpError, unauthorized } from "./errors.ts";
import type { TokenBucketLimiter } from "./rate-limit.ts";

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

const REFUSED: Record<TokenRefusal, { code: string; message: string }> = {
  unknown: { code: "UNAUTHORIZED", message: "Invalid or unknown bearer token" },
  revoked: { code: "TOKEN_REVOKED", message: "This API token was revoked" },
  expired: { code: "TOKEN_EXPIRED", message: "This API token has expired" },
};

export interface BearerAuthDeps {
  store: Store;
  clock: Clock;
  /** Counts failed attempts per source address; when one runs dry its requests get 429 until it refills. */
  failedAuthLimiter?: TokenBucketLimiter | undefined;
  /** Where a request came from; the socket's peer address by default. */
  addressOf?: (c: { env: unknown }) => string;
}

/** 429 for an address that failed to authenticate too often. */
function tooManyFailures(retryAfterSeconds: number): HttpError {
  return new HttpError(
    429,
    "RATE_LIMITED",
    `Too many failed authentication attempts from this address; retry after ${retryAfterSeconds} s`,
    { details: { retryAfterSeconds }, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/**
 * Requires `Authorization: Bearer <api token>` naming a live token: 401 UNAUTHORIZED when missing or
 * unknown, TOKEN_REVOKED or TOKEN_EXPIRED for a token that was valid once. Logs name the token by its id.
 *
 * An address that failed too often gets 429 for its *failed* attempts only: a valid token is still
 * served, so one misconfigured job behind a shared NAT does not lock out every pipeline behind it.
 * The throttle bounds the cost and the log lines of a flood; guessing a token is not its concern
 * (tokens carry 256 random bits), so answering a valid token during the throttle reveals nothing useful.
 */
export function bearerAuth(deps: BearerAuthDeps): MiddlewareHandler<AppEnv> {
  const addressOf = deps.addressOf ?? clientAddress;
  return async (c, next) => {
    const address = addressOf(c);
    const limiter = deps.failedAuthLimiter;
    const refuse = (reason: TokenRefusal | "missing", tokenId?: string): never => {
      const standing = limiter?.peek(address);
      if (standing && !standing.allowed) throw tooManyFailures(standing.retryAfterSeconds);
      limiter?.take(address);
      c.get("logger").warn("authentication failed", { reason, address, ...(tokenId ? { tokenId } : {}) });
      if (reason === "missing") throw unauthorized("Missing bearer token");
      throw unauthorized(REFUSED[reason].message, REFUSED[reason].code);
    };

    const header = c.req.header("authorization");
    if (header === undefined) return refuse("missing");
    const bearer = BEARER.exec(header)?.[1];
    const check = bearer ? checkApiToken(deps.store, deps.clock, bearer) : { refused: "unknown" as const };
    if ("refused" in check) return refuse(check.refused, "tokenId" in check ? check.tokenId : undefined);
    c.set("principal", check.principal);
    c.set("logger", c.get("logger").child({ tokenId: check.principal.tokenId }));
    await next();
  };
}

/**
 * 403 FORBIDDEN unless the caller's role includes `minimum` (see services/access.ts: viewer ⊂ operator,
 * provisioner ⊂ admin ⊂ superadmin).
 *
 * @example plants.post("/:id/suspend", requireRole("operator"), handler)
 */
export function requireRole(minimum: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!hasRole(c.get("principal"), minimum)) {
      throw new ForbiddenError(`This operation needs the ${minimum} role`);
    }
    await next();
  };
}

/** The authenticated caller. */
export function principalOf(c: Context<AppEnv>): Principal {
  return c.get("principal");
}
