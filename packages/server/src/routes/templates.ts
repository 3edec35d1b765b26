/** HTTP route for /api/v1/templates: the templates a caller may reference, optionally of one level. */

import { TEMPLATE_LEVEL_VALUES } from "@voke/sdk";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiSchemas } from "../api-schemas.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { oneOf, parseOrThrow } from "../http/validation.ts";
import type { Services } from "../services/index.ts";
import { templateView } from "./views.ts";

const listQuery = z.object({ level: oneOf(TEMPLATE_LEVEL_VALUES).optional() });

export function routeTemplates(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", requireRole("viewer"), (c) => {
    const query = parseOrThrow(listQuery, c.req.query());
    const templates = services.templates.list(principalOf(c), { level: query.level });
    return c.json({ data: templates.map(templateView) } satisfies ApiSchemas["TemplateList"], 200);
  });

  return app;
}
