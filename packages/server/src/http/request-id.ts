/** Gives every request an id (the client's X-Request-Id when usable) and a logger that carries it. */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.ts";
import type { AppEnv } from "./env.ts";

// Printable ASCII only: the id is echoed in a header and written to logs.
export const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Sets `requestId` and `logger` on the context, echoes the id in `X-Request-Id` on every response (errors
 * included) and logs one line per request.
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const offered = c.req.header("x-request-id");
    const id = offered !== undefined && USABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
    const requestLogger = logger.child({ requestId: id });
    c.set("requestId", id);
    c.set("logger", requestLogger);
    const started = performance.now();
    await next();
    c.res.headers.set("X-Request-Id", id);
    // After authentication the context's logger also names the API token (by its public id).
    c.get("logger").info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
