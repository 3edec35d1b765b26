/**
 * `client.events.stream()`: the organization's events (GET /api/v1/events, Server-Sent Events) as an async
 * iterator that never ends by itself: a lost connection is reopened with Last-Event-ID, so nothing within the
 * server's replay window is missed. It ends when `signal` aborts or the loop breaks, and throws on an answer
 * retrying cannot fix (401, 403, 400).
 */
import type { FetchFunction } from "../transport.ts";
import type { EventType, VokeEvent } from "../types.ts";

export interface EventStreamOptions {
  /** Only these plants' events (up to 100). */
  plantIds?: readonly string[];
  /** Only these event types. */
  types?: readonly EventType[];
  /** Stops the stream; the iterator then ends without an error. */
  signal?: AbortSignal;
  /** Resume after this event id (from an earlier stream). */
  lastEventId?: string;
  /** Told each time the connection is lost, before the stream reconnects by itself. */
  onReconnect?: (info: ReconnectInfo) => void;
  /** Told when the server could not replay everything (events left its window, or the client read too slowly). */
  onGap?: (gap: { reason: string; message: string }) => void;
  /** Told when a connection is open (again). */
  onOpen?: () => void;
  /** Silence (no event, no heartbeat) after which the connection is taken for lost; 45 s by default. */
  idleTimeoutMs?: number;
}

export interface ReconnectInfo {
  /** 1 for the first attempt after a loss, then 2, 3… until a connection opens again. */
  attempt: number;
  /** How long the stream waits before the attempt. */
  delayMs: number;
  /** Why the connection was lost. */
  reason: string;
  /** The id the stream resumes after. */
  lastEventId: string | undefined;
}

export interface EventsResource {
  /** `for await (const event of client.events.stream({ types: ["telemetry"] }))`. */
  stream(options?: EventStreamOptions): AsyncGenerator<VokeEvent, void, undefined>;
}

/** What a stream needs from the client: where, how to fetch, and the headers every request carries. */
export interface EventsDeps {
  baseUrl: string;
  fetch: FetchFunction;
  headers: Readonly<Record<string, string>>;
}

export function createEventsResource(deps: EventsDeps): EventsResource {
  return {
    async *stream(options = {}) {
      // Loaded on first use: the SSE parser stays out of the initial bundle of apps that never stream.
      const { streamEvents } = await import("./event-stream.ts");
      yield* streamEvents(deps, options);
    },
  };
}
