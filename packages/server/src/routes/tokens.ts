/** HTTP routes for /api/v1/tokens: an organization's API tokens, minted, listed and revoked by its admins. */
import { API_TOKEN_ROLE_VALUES, CREATE_API_TOKEN_REQUEST_LIMITS as LIMITS } from "@voke/sdk";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiSchemas } from "../api-schemas.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import { readJsonBody } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { pageMeta, paginationQuery } from "../http/pagination.ts";
import { uuidParam } from "../http/params.ts";
import { oneOf, parseOrThrow } from "../http/validation.ts";
import { type ApiTokenService, apiTokenView } from "../services/api-tokens.ts";

const createTokenBody = z.strictObject({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(LIMITS.name.minLength, "must not be empty")
    .max(LIMITS.name.maxLength, `must be at most ${LIMITS.name.maxLength} characters`),
  role: oneOf(API_TOKEN_ROLE_VALUES),
  expiresAt: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z" })
    .nullable()
    .optional(),
});

const listQuery = z.object(paginationQuery);

// The reply that carries the secret must not be kept by any cache on the way.
const NO_STORE = { "Cache-Control": "no-store" };

export function routeTokens(tokens: ApiTokenService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireRole("admin"));

  app.get("/", (c) => {
    const query = parseOrThrow(listQuery, c.req.query());
    const { items, total } = tokens.list(principalOf(c), query);
    const page = { data: items.map(apiTokenView), meta: pageMeta(query.page, query.limit, total) };
    return c.json(page satisfies ApiSchemas["ApiTokenPage"], 200);
  });

  app.post("/", async (c) => {
    const input = await readJsonBody(c, createTokenBody);
    const { token, record } = tokens.create(principalOf(c), input);
    c.get("logger").info("API token created", { createdTokenId: record.id, role: record.role });
    return c.json({ ...apiTokenView(record), token } satisfies ApiSchemas["CreatedApiToken"], 201, NO_STORE);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID", "token");
    const record = tokens.revoke(principalOf(c), id);
    c.get("logger").info("API token revoked", { revokedTokenId: record.id });
    return c.json(apiTokenView(record), 200);
  });

  return app;
}
