/** Builds the Hono application from its dependencies: middleware, error handling and every route. */
import { Hono } from "hono";
import { createEventHub, type EventHub } from "./events/event-hub.ts";
import { bearerAuth } from "./http/auth.ts";
import { limitBodySize } from "./http/body.ts";
import { cors } from "./http/cors.ts";
import type { AppEnv } from "./http/env.ts";
import { createErrorHandler } from "./http/error-handler.ts";
import { idempotency } from "./http/idempotency.ts";
import { unmatchedRoute } from "./http/method-not-allowed.ts";
import { createTokenBucketLimiter, rateLimit } from "./http/rate-limit.ts";
import { requestContext } from "./http/request-id.ts";
import type { Logger } from "./logger.ts";
import type { OpenApiSpec } from "./openapi/spec.ts";
import { routeAlertRules } from "./routes/alert-rules.ts";
import { routeCommands } from "./routes/commands.ts";
import { routeEvents } from "./routes/events.ts";
import { routePlants } from "./routes/plants.ts";
import { createSystemRoutes } from "./routes/system.ts";
import { routeTelemetry } from "./routes/telemetry.ts";
import { routeTemplates } from "./routes/templates.ts";
import { routeTokens } from "./routes/tokens.ts";
import { createApiTokenService } from "./services/api-tokens.ts";
import { createServices, type ServiceDeps, type Services } from "./services/index.ts";
import { createTelemetryHistoryService } from "./services/telemetry-history.ts";

export interface AppDeps extends ServiceDeps {
  logger: Logger;
  spec: OpenApiSpec;
  /** Request bodies over this many bytes are refused with 413. */
  maxBodyBytes: number;
  /** Services already built (and shared with the broker); built from the other deps when absent. */
  services?: Services;
  /** How long a retry waits for an in-flight request with the same Idempotency-Key, in ms. */
  idempotencyWaitMs?: number;
  /** Requests per second each API token may keep up (bursts of twice that); 0 or absent: no limit. */
  rateLimitRps?: number;
  /** Failed authentications per minute a source address may make before it gets 429; 0 or absent: no limit. */
  authFailuresPerMinute?: number;
  /** Exact origins a browser app may call from (VOKE_CORS_ORIGINS); empty or absent: no CORS. */
  corsOrigins?: readonly string[];
  /** The event hub the services and the broker publish to (shared with `services` when those are given). */
  events?: EventHub;
  /** Options of the event stream (tests shorten the heartbeat). */
  eventStream?: { heartbeatMs?: number; maxQueuedEvents?: number };
}

/**
 * The whole HTTP API. Tests call `app.request()` on it; `startServer` serves it.
 *
 * @example const app = createApp({ store, clock, logger, ca, secretBox, gateway, mqttTokens, mqttEndpoint, spec, maxBodyBytes });
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const events = deps.events ?? createEventHub({ store: deps.store, clock: deps.clock, logger: deps.logger });
  const services = deps.services ?? createServices({ ...deps, events });
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(deps.logger));
  app.notFound(unmatchedRoute(() => app.routes));
  app.use("*", requestContext(deps.logger));
  if (deps.corsOrigins?.length) app.use("*", cors(deps.corsOrigins));

  app.route("/", createSystemRoutes({ store: deps.store, spec: deps.spec }));

  const api = new Hono<AppEnv>();
  const failedAuthLimiter = deps.authFailuresPerMinute
    ? createTokenBucketLimiter({
        ratePerSecond: deps.authFailuresPerMinute / 60,
        burst: deps.authFailuresPerMinute,
        now: () => deps.clock.now().getTime(),
      })
    : undefined;
  api.use("*", bearerAuth({ ...deps, failedAuthLimiter }));
  if (deps.rateLimitRps) {
    const limiter = createTokenBucketLimiter({
      ratePerSecond: deps.rateLimitRps,
      now: () => deps.clock.now().getTime(),
    });
    api.use("*", rateLimit(limiter));
  }
  api.use("*", limitBodySize(deps.maxBodyBytes));
  api.use("*", idempotency({ ...deps, waitForInFlightMs: deps.idempotencyWaitMs }));
  api.route(
    "/events",
    routeEvents({
      hub: events,
      ...deps.eventStream,
      tokenStillValid: (tokenId) => {
        const token = deps.store.apiTokens.findById(tokenId);
        if (!token || token.revokedAt !== null) return false;
        return token.expiresAt === null || Date.parse(token.expiresAt) > deps.clock.now().getTime();
      },
    }),
  );
  api.route(
    "/plants/:id/telemetry",
    routeTelemetry({
      telemetry: createTelemetryHistoryService({ store: deps.store, plants: services.plants }),
      clock: deps.clock,
    }),
  );
  api.route("/plants", routePlants(services));
  api.route("/plants/:plantId/commands", routeCommands(services));
  api.route("/alert-rules", routeAlertRules(services));
  api.route("/templates", routeTemplates(services));
  api.route("/tokens", routeTokens(createApiTokenService(deps)));
  app.route("/api/v1", api);

  return app;
}
