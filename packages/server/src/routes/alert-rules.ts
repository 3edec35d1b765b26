/** HTTP routes for /api/v1/alert-rules: parse and check the request, call the alert-rule service, shape the reply. */

import {
  ALERT_CONDITION_VALUES,
  ALERT_SEVERITY_VALUES,
  CREATE_ALERT_RULE_REQUEST_LIMITS as LIMITS,
} from "@voke/sdk";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiSchemas } from "../api-schemas.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import { readJsonBody } from "../http/body.ts";
import type { AppEnv } from "../http/env.ts";
import { replyOnce } from "../http/idempotency.ts";
import { pageMeta, paginationQuery } from "../http/pagination.ts";
import { uuidParam } from "../http/params.ts";
import { oneOf, parseOrThrow, requiredText, uuidString } from "../http/validation.ts";
import type { Services } from "../services/index.ts";
import type { AlertRuleRecord } from "../storage/alert-rules.ts";

const condition = oneOf(ALERT_CONDITION_VALUES);
const severity = oneOf(ALERT_SEVERITY_VALUES);
const name = requiredText(LIMITS.name);
const metric = requiredText(LIMITS.metric);
const threshold = z.number({
  error: (issue) => (issue.input === undefined ? "is required" : "must be a number"),
});
const cooldownMinutes = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(LIMITS.cooldownMinutes.minimum, `must be at least ${LIMITS.cooldownMinutes.minimum}`)
  .max(LIMITS.cooldownMinutes.maximum, `must be at most ${LIMITS.cooldownMinutes.maximum}`);
const enabled = z.boolean({ error: "must be true or false" });
const plantId = uuidString().nullable();

const listQuery = z.object({ ...paginationQuery, plantId: uuidString().optional() });

const createAlertRuleBody = z.strictObject({
  name,
  metric,
  condition,
  threshold,
  severity: severity.optional(),
  cooldownMinutes: cooldownMinutes.optional(),
  enabled: enabled.optional(),
  plantId: plantId.optional(),
});

const updateAlertRuleBody = z.strictObject({
  name: name.optional(),
  metric: metric.optional(),
  condition: condition.optional(),
  threshold: threshold.optional(),
  severity: severity.optional(),
  cooldownMinutes: cooldownMinutes.optional(),
  enabled: enabled.optional(),
  plantId: plantId.optional(),
});

/** UUIDs compare in lowercase; null (every plant) and undefined (unchanged) pass through. */
function canonicalId<T extends string | null | undefined>(id: T): T {
  return (typeof id === "string" ? id.toLowerCase() : id) as T;
}

/** An alert rule as the API shows it (openapi.yaml AlertRule). */
export function alertRuleView(rule: AlertRuleRecord): ApiSchemas["AlertRule"] {
  return {
    id: rule.id,
    organizationId: rule.organizationId,
    plantId: rule.plantId,
    name: rule.name,
    metric: rule.metric,
    condition: rule.condition,
    threshold: rule.threshold,
    severity: rule.severity,
    cooldownMinutes: rule.cooldownMinutes,
    enabled: rule.enabled,
    lastTriggeredAt: rule.lastTriggeredAt,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

export function routeAlertRules(services: Services): Hono<AppEnv> {
  const { alertRules } = services;
  const app = new Hono<AppEnv>();

  app.get("/", requireRole("viewer"), (c) => {
    const query = parseOrThrow(listQuery, c.req.query());
    const { items, total } = alertRules.list(principalOf(c), {
      page: query.page,
      limit: query.limit,
      plantId: query.plantId?.toLowerCase(),
    });
    const page = { data: items.map(alertRuleView), meta: pageMeta(query.page, query.limit, total) };
    return c.json(page satisfies ApiSchemas["AlertRulePage"], 200);
  });

  app.post("/", requireRole("admin"), async (c) => {
    const input = await readJsonBody(c, createAlertRuleBody);
    return replyOnce(c, 201, () =>
      alertRuleView(alertRules.create(principalOf(c), { ...input, plantId: canonicalId(input.plantId) })),
    );
  });

  app.get("/:id", requireRole("viewer"), (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID", "alert rule");
    return c.json(alertRuleView(alertRules.get(principalOf(c), id)), 200);
  });

  app.patch("/:id", requireRole("admin"), async (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID", "alert rule");
    const input = await readJsonBody(c, updateAlertRuleBody);
    const rule = alertRules.update(principalOf(c), id, { ...input, plantId: canonicalId(input.plantId) });
    return c.json(alertRuleView(rule), 200);
  });

  app.delete("/:id", requireRole("admin"), (c) => {
    const id = uuidParam(c, "id", "INVALID_UUID", "alert rule");
    alertRules.delete(principalOf(c), id);
    return c.body(null, 204);
  });

  return app;
}
