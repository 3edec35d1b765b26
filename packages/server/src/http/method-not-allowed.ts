/** The router's miss: 405 with `Allow` when the path exists under other methods, else 404. */
import type { NotFoundHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { errorBody } from "./errors.ts";

/** A route as Hono lists it in `app.routes`; middleware shows up with method "ALL". */
export interface RouteEntry {
  method: string;
  path: string;
}

function patternOf(path: string): RegExp {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const source = trimmed
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods served at `path`, in a stable order; empty when no route matches it.
 *
 * @example allowedMethods(app.routes, "/api/v1/alert-rules") // → ["GET", "HEAD", "POST"]
 */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    if (patternOf(route.path).test(path)) methods.add(route.method.toUpperCase());
  }
  // Hono answers HEAD wherever it answers GET.
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

/**
 * Used as `app.notFound`: 405 METHOD_NOT_ALLOWED with `Allow` for a known path and another method, 404
 * NOT_FOUND otherwise. `routes` is read at request time so it sees every route mounted after it.
 */
export function unmatchedRoute(routes: () => readonly RouteEntry[]): NotFoundHandler<AppEnv> {
  return (c) => {
    const allowed = allowedMethods(routes(), c.req.path);
    if (allowed.length > 0) {
      return c.json(
        errorBody(405, "METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${c.req.path}`, {
          allowed,
        }),
        405,
        { Allow: allowed.join(", ") },
      );
    }
    return c.json(errorBody(404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`), 404);
  };
}
