/** Bearer-token authentication (→ the request's principal) and per-route minimum roles. */
import type { Context, MiddlewareHandler } from "hono";
import type { Clock } from "../clock.ts";
import { hasRole, type Principal, type Role } from "../services/access.ts";
import { authenticateApiToken } from "../services/api-tokens.ts";
import { ForbiddenError } from "../services/errors.ts";
import type { Store } from "../storage/store.ts";
import type { AppEnv } from "./env.ts";
import { unauthorized } from "./errors.ts";

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

/** Requires `Authorization: Bearer <api token>` naming a known token; 401 UNAUTHORIZED otherwise. */
export function bearerAuth(deps: { store: Store; clock: Clock }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header === undefined) throw unauthorized("Missing bearer token");
    const match = BEARER.exec(header);
    const principal = match?.[1] ? authenticateApiToken(deps.store, deps.clock, match[1]) : undefined;
    if (!principal) throw unauthorized("Invalid or unknown bearer token");
    c.set("principal", principal);
    c.set("logger", c.get("logger").child({ tokenId: principal.tokenId }));
    await next();
  };
}

/**
 * 403 FORBIDDEN unless the caller holds at least `minimum` (viewer < operator < admin < superadmin).
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
