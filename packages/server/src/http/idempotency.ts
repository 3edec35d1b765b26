/**
 * Idempotency-Key for POSTs: the first response to a key is kept (sealed) for 24 hours and replayed for the
 * same request; the same key with a different request is a 409 IDEMPOTENCY_KEY_REUSED.
 */
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Clock } from "../clock.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import { ValidationError } from "../services/errors.ts";
import type { Store } from "../storage/store.ts";
import type { AppEnv } from "./env.ts";
import { HttpError } from "./errors.ts";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;
// Headers worth replaying; X-Request-Id is the retry's own.
const REPLAYED_HEADERS = ["content-type", "content-disposition", "cache-control", "location"];

export interface IdempotencyDeps {
  store: Store;
  clock: Clock;
  secretBox: SecretBox;
  /** How long a retry waits for the first request with its key to finish, in ms. */
  waitForInFlightMs?: number;
}

function keyReused(message: string): HttpError {
  return new HttpError(409, "IDEMPOTENCY_KEY_REUSED", message);
}

/** Must run after bearer auth: keys are scoped to the token that sent them. */
export function idempotency(deps: IdempotencyDeps): MiddlewareHandler<AppEnv> {
  const waitMs = deps.waitForInFlightMs ?? 10_000;
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length < 1 || key.length > 255) {
      throw new ValidationError([{ path: "Idempotency-Key", message: "must be 1 to 255 characters" }]);
    }
    const { tokenId, organizationId } = c.get("principal");
    const body = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = createHash("sha256")
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(body)
      .digest("hex");

    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = deps.clock.now();
      const existing = deps.store.idempotencyKeys.find(tokenId, key);
      if (existing && now.getTime() - Date.parse(existing.createdAt) > IDEMPOTENCY_WINDOW_MS) {
        deps.store.idempotencyKeys.release(tokenId, key);
        continue;
      }
      if (existing) {
        if (existing.requestHash !== requestHash) {
          throw keyReused(
            `Idempotency-Key was already used for a different request (${existing.requestMethod} ${existing.requestPath})`,
          );
        }
        if (existing.statusCode !== null && existing.sealedResponse !== null) {
          const headers = new Headers(existing.responseHeaders ?? {});
          headers.set("Idempotent-Replayed", "true");
          return c.body(
            deps.secretBox.open(existing.sealedResponse),
            existing.statusCode as 200,
            Object.fromEntries(headers),
          );
        }
        if (Date.now() >= deadline)
          throw keyReused("A request with this Idempotency-Key is still in progress");
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      const claimed = deps.store.idempotencyKeys.claim({
        tokenId,
        organizationId,
        key,
        requestMethod: c.req.method,
        requestPath: c.req.path,
        requestHash,
        createdAt: now.toISOString(),
      });
      if (claimed) break;
    }

    await next();
    if (c.res.status >= 500) {
      // A failure is not an answer worth keeping: let a retry run the request again.
      deps.store.idempotencyKeys.release(tokenId, key);
      return;
    }
    const responseBody = await c.res.clone().text();
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = c.res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    deps.store.idempotencyKeys.complete(tokenId, key, {
      statusCode: c.res.status,
      headers,
      sealedBody: deps.secretBox.seal(responseBody),
    });
  };
}
