/** Builds the Hono application from its dependencies: middleware, error handling and every route. */
import { Hono } from "hono";
import type { Clock } from "./clock.ts";
import type { SecretBox } from "./crypto/secret-box.ts";
import type { EventHub } from "./events/event-hub.ts";
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
import type { Services } from "./services/index.ts";
import type { Store } from "./storage/store.ts";

export interface AppDeps {
  /** The domain services the routes call, built once by the caller (`createServices`) and shared with the broker. */
  services: Services;
  /** What the HTTP layer reads itself: bearer tokens, Idempotency-Key records, the health check. */
  store: Store;
  clock: Clock;
  /** Seals the first responses kept for Idempotency-Key replays (they can carry secrets). */
  secretBox: SecretBox;
  logger: Logger;
  spec: OpenApiSpec;
  /** Request bodies over this many bytes are refused with 413. */
  maxBodyBytes: number;
  /** How long a retry waits for an in-flight request with the same Idempotency-Key, in ms. */
  idempotencyWaitMs?: number;
  /** Requests per second each API token may keep up (bursts of twice that); 0 or absent: no limit. */
  rateLimitRps?: number;
  /** Failed authentications per minute a source address may make before it gets 429; 0 or absent: no limit. */
  authFailuresPerMinute?: number;
  /** Exact origins a browser app may call from (VOKE_CORS_ORIGINS); empty or absent: no CORS. */
  corsOrigins?: readonly string[];
  /** The event hub the services and the broker publish to; `GET /api/v1/events` reads it. */
  events: EventHub;
  /** Options of the event stream (tests shorten the heartbeat). */
  eventStream?: { heartbeatMs?: number; maxQueuedEvents?: number };
}

/**
 * The whole HTTP API. Tests call `app.request()` on it; `startServer` serves it.
 *
 * @example
 * const services = createServices({ store, clock, ca, secretBox, gateway, mqttTokens, mqttEndpoint });
 * const app = createApp({ services, store, clock, secretBox, logger, spec, maxBodyBytes });
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { services, store, clock, secretBox, events } = deps;
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(deps.logger));
  app.notFound(unmatchedRoute(() => app.routes));
  app.use("*", requestContext(deps.logger));
  if (deps.corsOrigins?.length) app.use("*", cors(deps.corsOrigins));

  app.route("/", createSystemRoutes({ store, spec: deps.spec }));

  const api = new Hono<AppEnv>();
  const failedAuthLimiter = deps.authFailuresPerMinute
    ? createTokenBucketLimiter({
        ratePerSecond: deps.authFailuresPerMinute / 60,
        burst: deps.authFailuresPerMinute,
        now: () => clock.now().getTime(),
      })
    : undefined;
  api.use("*", bearerAuth({ store, clock, failedAuthLimiter }));
  if (deps.rateLimitRps) {
    const limiter = createTokenBucketLimiter({
      ratePerSecond: deps.rateLimitRps,
      now: () => clock.now().getTime(),
    });
    api.use("*", rateLimit(limiter));
  }
  api.use("*", limitBodySize(deps.maxBodyBytes));
  api.use("*", idempotency({ store, clock, secretBox, waitForInFlightMs: deps.idempotencyWaitMs }));
  api.route(
    "/events",
    routeEvents({
      hub: events,
      ...deps.eventStream,
      tokenStillValid: (tokenId) => services.apiTokens.isStillValid(tokenId),
    }),
  );
  api.route("/plants/:id/telemetry", routeTelemetry({ telemetry: services.telemetryHistory, clock }));
  api.route("/plants", routePlants(services));
  api.route("/plants/:plantId/commands", routeCommands(services));
  api.route("/alert-rules", routeAlertRules(services));
  api.route("/templates", routeTemplates(services));
  api.route("/tokens", routeTokens(services.apiTokens));
  app.route("/api/v1", api);

  return app;
}
