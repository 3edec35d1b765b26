/**
 * HTTP route for /api/v1/events: the organization's events as Server-Sent Events, resumable with Last-Event-ID,
 * with heartbeats so proxies keep the connection open. Each stream queues at most `maxQueuedEvents` while its
 * client reads; a client slower than that gets a `gap` event and is disconnected (it resumes from the last id
 * it got), so no stream holds more than a bounded number of events in memory.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { EVENT_TYPES, type EventHub, type EventRecord, type EventType } from "../events/event-hub.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { isUuid } from "../http/validation.ts";
import { organizationScope } from "../services/access.ts";
import { ValidationError, type ValidationIssue } from "../services/errors.ts";

export interface EventRouteOptions {
  hub: EventHub;
  /** Quiet time before a `: heartbeat` comment is sent; 15 s by default. */
  heartbeatMs?: number;
  /** Events a stream may hold for a client that reads slowly before it is disconnected; 10,000 by default. */
  maxQueuedEvents?: number;
  /**
   * Whether the stream's API token still holds (not revoked, not expired), checked at every heartbeat: a stream
   * whose token was revoked ends, and the client's reconnection is refused with 401.
   */
  tokenStillValid?: (tokenId: string) => boolean;
}

const MAX_PLANT_FILTERS = 100;

/** The SSE `data:` of an event (openapi.yaml Event): the organization stays on the server. */
export function eventView(event: EventRecord) {
  return { id: String(event.id), type: event.type, at: event.at, plantId: event.plantId, data: event.data };
}

/** Mounted at /events. */
export function routeEvents(options: EventRouteOptions): Hono<AppEnv> {
  const { hub } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxQueued = options.maxQueuedEvents ?? 10_000;
  const app = new Hono<AppEnv>();

  app.get("/", requireRole("viewer"), (c) => {
    const issues: ValidationIssue[] = [];
    const plantIds = c.req.queries("plantId") ?? [];
    if (plantIds.length > MAX_PLANT_FILTERS) {
      issues.push({ path: "plantId", message: `must be at most ${MAX_PLANT_FILTERS} plant ids` });
    }
    plantIds.forEach((id, index) => {
      if (!isUuid(id)) issues.push({ path: `plantId.${index}`, message: "must be a UUID" });
    });
    const types = c.req.queries("type") ?? [];
    types.forEach((type, index) => {
      if (!(EVENT_TYPES as readonly string[]).includes(type)) {
        issues.push({ path: `type.${index}`, message: `must be one of ${EVENT_TYPES.join(", ")}` });
      }
    });
    const lastEventId = c.req.header("last-event-id");
    if (lastEventId !== undefined && !/^[0-9]{1,15}$/.test(lastEventId)) {
      issues.push({ path: "Last-Event-ID", message: "must be an event id (a whole number)" });
    }
    if (issues.length > 0) throw new ValidationError(issues);

    const principal = principalOf(c);
    const filter = {
      organizationId: organizationScope(principal),
      plantIds: new Set(plantIds.map((id) => id.toLowerCase())),
      types: new Set(types as EventType[]),
    };
    c.header("Cache-Control", "no-store");
    // Proxies such as nginx would otherwise hold events back in their buffers.
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      const queue: EventRecord[] = [];
      let overflowed = false;
      let shuttingDown = false;
      let wake: (() => void) | undefined;
      const subscription = hub.subscribe(
        filter,
        lastEventId === undefined ? undefined : Number(lastEventId),
        (event) => {
          if (queue.length < maxQueued) queue.push(event);
          else overflowed = true;
          wake?.();
        },
        () => {
          shuttingDown = true;
          wake?.();
        },
      );
      stream.onAbort(() => {
        subscription.close();
        wake?.();
      });
      const waitForEvents = () =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            wake = undefined;
            resolve(false);
          }, heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            wake = undefined;
            resolve(true);
          };
        });
      const send = (event: EventRecord) =>
        stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(eventView(event)) });
      try {
        // A comment first, so the client sees the stream open before any event.
        await stream.write(": connected\n\n");
        if (subscription.gap) {
          await stream.writeSSE({
            event: "gap",
            data: JSON.stringify({
              reason: "REPLAY_WINDOW",
              message: "events after Last-Event-ID left the replay window",
            }),
          });
        }
        for (const event of subscription.backlog) {
          if (stream.aborted) return;
          await send(event);
        }
        while (!stream.aborted && !shuttingDown) {
          if (queue.length === 0 && !overflowed) {
            if (!(await waitForEvents()) && !stream.aborted) {
              if (options.tokenStillValid && !options.tokenStillValid(principal.tokenId)) return;
              await stream.write(": heartbeat\n\n");
            }
            continue;
          }
          for (const event of queue.splice(0)) await send(event);
          if (overflowed) {
            // Everything up to the last id sent was delivered; the client resumes from there.
            await stream.writeSSE({
              event: "gap",
              data: JSON.stringify({
                reason: "SLOW_CLIENT",
                message: "the client read too slowly; resume with Last-Event-ID",
              }),
            });
            return;
          }
        }
      } finally {
        subscription.close();
      }
    });
  });
  return app;
}
