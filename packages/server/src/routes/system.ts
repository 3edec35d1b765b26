/** Unauthenticated routes: health check, the OpenAPI contract and its HTML reference. */
import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { renderApiReference } from "../openapi/render-docs.ts";
import type { OpenApiSpec } from "../openapi/spec.ts";
import type { Store } from "../storage/store.ts";

export function createSystemRoutes(deps: { store: Store; spec: OpenApiSpec }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let docsPage: string | undefined;

  app.get("/healthz", (c) => {
    // A trivial query proves the database is open and answering.
    deps.store.db.sqlite.prepare("SELECT 1").get();
    return c.json({ status: "ok" }, 200);
  });

  app.get("/openapi.yaml", (c) =>
    c.body(deps.spec.text, 200, { "Content-Type": "application/yaml; charset=utf-8" }),
  );

  app.get("/docs", (c) => {
    docsPage ??= renderApiReference(deps.spec.document);
    return c.html(docsPage, 200, {
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    });
  });

  return app;
}
