/** Unauthenticated routes: health check, the OpenAPI contract and its HTML reference. */
import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { type ApiReferencePage, loadApiReference } from "../openapi/api-reference.ts";
import type { OpenApiSpec } from "../openapi/spec.ts";
import type { Store } from "../storage/store.ts";

export function createSystemRoutes(deps: { store: Store; spec: OpenApiSpec }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let docsPage: ApiReferencePage | undefined;

  app.get("/healthz", (c) => {
    // A trivial query proves the database is open and answering.
    deps.store.ping();
    return c.json({ status: "ok" }, 200);
  });

  app.get("/openapi.yaml", (c) =>
    c.body(deps.spec.text, 200, { "Content-Type": "application/yaml; charset=utf-8" }),
  );

  app.get("/docs", (c) => {
    try {
      docsPage ??= loadApiReference();
    } catch (error) {
      // A source checkout before `pnpm build`: say how to get the page rather than fail obscurely.
      return c.text((error as Error).message, 503);
    }
    return c.html(docsPage.html, 200, { "Content-Security-Policy": docsPage.contentSecurityPolicy });
  });

  return app;
}
