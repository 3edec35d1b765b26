/**
 * Cross-origin access for browser apps (VOKE_CORS_ORIGINS): answers preflights before authentication and
 * lets listed origins read responses, errors included, with the headers a client needs.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

/** Methods the API answers. */
const ALLOWED_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS";
/** Request headers the SDK and the API use. */
const ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id";
/** Response headers a browser app may read besides the CORS-safelisted ones. */
export const EXPOSED_HEADERS = [
  "X-Request-Id",
  "Retry-After",
  "RateLimit",
  "RateLimit-Policy",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "Content-Disposition",
].join(", ");
/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = "600";

/**
 * Lets the exact `origins` (e.g. `https://app.example.com`) call the API from a browser. Tokens travel
 * in the Authorization header, never in cookies, so no credentials mode and no wildcard are offered.
 * Other origins get no CORS headers and so are refused by the browser.
 *
 * @example app.use("*", cors(["http://localhost:5173"]));
 */
export function cors(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin === undefined || !allowed.has(origin)) {
      await next();
      // A cache must not hand one origin's answer to another.
      if (origin !== undefined) c.res.headers.append("Vary", "Origin");
      return;
    }
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined) {
      // The preflight carries no token by design: answering it before authentication is the point.
      return c.body(null, 204, {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_S,
        Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
      });
    }
    await next();
    // Set after the handler so error replies (401, 429, ...) are readable by the app too.
    c.res.headers.set("Access-Control-Allow-Origin", origin);
    c.res.headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    c.res.headers.append("Vary", "Origin");
  };
}
