/** HTTP route for /api/v1/plants/{id}/telemetry: a plant's telemetry history, raw or in buckets. */
import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../clock.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { MAX_PAGE, pageMeta } from "../http/pagination.ts";
import { uuidParam } from "../http/params.ts";
import { parseOrThrow } from "../http/validation.ts";
import { ValidationError } from "../services/errors.ts";
import { RESOLUTIONS, type Resolution, type TelemetryHistoryService } from "../services/telemetry-history.ts";

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 31 * DAY_MS;

const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .transform((text) => new Date(text));
const whole = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

const historyQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  metrics: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}(,[A-Za-z0-9_]{1,64}){0,31}$/, "must be up to 32 comma-separated metric names")
    .transform((text) => text.split(","))
    .optional(),
  resolution: z
    .enum(Object.keys(RESOLUTIONS) as [Resolution, ...Resolution[]], {
      error: "must be one of 1m, 5m, 15m, 1h, 1d",
    })
    .optional(),
  page: whole(1, MAX_PAGE, 1),
  limit: whole(1, 1000, 100),
});

/** Mounted at /plants/:id/telemetry. */
export function routeTelemetry(deps: { telemetry: TelemetryHistoryService; clock: Clock }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", requireRole("viewer"), (c) => {
    const plantId = uuidParam(c, "id", "INVALID_UUID");
    const query = parseOrThrow(historyQuery, c.req.query());
    // A window given by one end lasts a day; with neither, it is the last day.
    const to = query.to ?? (query.from ? new Date(query.from.getTime() + DAY_MS) : deps.clock.now());
    const from = query.from ?? new Date(to.getTime() - DAY_MS);
    const span = to.getTime() - from.getTime();
    if (span <= 0 || span > MAX_WINDOW_MS) {
      throw new ValidationError([{ path: "to", message: "must be after from, by at most 31 days" }]);
    }
    const history = deps.telemetry.history(principalOf(c), plantId, { ...query, from, to });
    if (history.kind === "buckets") {
      const { from, to: end, resolution, buckets } = history;
      return c.json({ plantId, from, to: end, resolution, buckets }, 200);
    }
    return c.json(
      {
        plantId,
        from: history.from,
        to: history.to,
        resolution: null,
        points: history.points.map((point) => ({ ts: point.ts, metrics: point.metrics })),
        meta: pageMeta(query.page, query.limit, history.total),
      },
      200,
    );
  });
  return app;
}
