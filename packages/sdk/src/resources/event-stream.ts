/**
 * The work behind `client.events.stream()`: one Server-Sent Events connection after another, parsed
 * with eventsource-parser, resumed with Last-Event-ID. Loaded on the first `stream()` call, so an app
 * that never streams does not carry the parser in its initial bundle.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { apiErrorFor, type VokeApiError } from "../errors.ts";
import type { VokeEvent } from "../types.ts";
import type { EventStreamOptions, EventsDeps } from "./events.ts";

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/** The events of `options`, reconnecting until `options.signal` aborts; see `EventsResource.stream`. */
export async function* streamEvents(
  deps: EventsDeps,
  options: EventStreamOptions,
): AsyncGenerator<VokeEvent, void, undefined> {
  const { signal } = options;
  const url = new URL("/api/v1/events", deps.baseUrl);
  for (const id of options.plantIds ?? []) url.searchParams.append("plantId", id);
  for (const type of options.types ?? []) url.searchParams.append("type", type);
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  let lastEventId = options.lastEventId;
  let attempt = 0;
  let serverRetryMs: number | undefined;

  while (!signal?.aborted) {
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal?.addEventListener("abort", abort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
    };
    let reason = "the server closed the stream";
    try {
      armIdle();
      const response = await deps.fetch(url.toString(), {
        headers: {
          ...deps.headers,
          accept: "text/event-stream",
          ...(lastEventId !== undefined && { "last-event-id": lastEventId }),
        },
        signal: connection.signal,
      });
      if (!response.ok) {
        const error = await errorOf(response);
        // Only an overloaded or restarting server is worth waiting for; anything else needs the caller.
        if (response.status !== 429 && response.status < 500) throw error;
        reason = `HTTP ${response.status} ${error.code}`;
      } else if (response.body) {
        attempt = 0;
        options.onOpen?.();
        const pending: EventSourceMessage[] = [];
        const parser = createParser({
          onEvent: (message) => pending.push(message),
          onRetry: (ms) => {
            serverRetryMs = ms;
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            armIdle();
            parser.feed(value);
            for (const message of pending.splice(0)) {
              if (message.event === "gap") {
                options.onGap?.(JSON.parse(message.data) as { reason: string; message: string });
                continue;
              }
              if (message.id !== undefined) lastEventId = message.id;
              yield JSON.parse(message.data) as VokeEvent;
            }
          }
        } finally {
          reader.releaseLock();
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      if (isApiError(error)) throw error;
      reason = describe(connection.signal.aborted ? connection.signal.reason : error);
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener("abort", abort);
      connection.abort();
    }
    if (signal?.aborted) return;
    attempt++;
    const delayMs = Math.min(MAX_DELAY_MS, Math.max(serverRetryMs ?? 0, FIRST_DELAY_MS * 2 ** (attempt - 1)));
    options.onReconnect?.({ attempt, delayMs, reason, lastEventId });
    await pause(delayMs, signal);
  }
}

function isApiError(error: unknown): error is VokeApiError {
  return typeof error === "object" && error !== null && "status" in error && "code" in error;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

async function errorOf(response: Response): Promise<VokeApiError> {
  const text = await response.text().catch(() => "");
  let body: { code?: unknown; message?: unknown; details?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not the API's error body (a proxy's page, say): the status speaks for it.
  }
  return apiErrorFor({
    status: response.status,
    code: typeof body.code === "string" ? body.code : `HTTP_${response.status}`,
    message: typeof body.message === "string" ? body.message : `HTTP ${response.status}`,
    details: body.details,
    requestId: response.headers.get("x-request-id") ?? undefined,
    headers: response.headers,
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
