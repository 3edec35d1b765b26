/** Runs one API call, attempt after attempt: timeout and abort, retries with backoff, typed errors, trace. */

import { type ApiPromise, apiPromise } from "./api-promise.ts";
import type { DebugTrace } from "./debug.ts";
import { apiErrorFor, VokeConnectionError, VokeError, VokeTimeoutError } from "./errors.ts";
import type { PreparedRequest } from "./request-builder.ts";
import {
  isRetryableRequest,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
} from "./retry.ts";

/** Per-request options, the last argument of every resource method. */
export interface RequestOptions {
  /** Cancels the request (every attempt and every wait between them); rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call; it covers every attempt and wait. 0 disables it. */
  timeoutMs?: number;
  /** Overrides the client's number of retries for this call. */
  maxRetries?: number;
  /** POST only: the Idempotency-Key to send (default: a fresh UUID per call, kept across retries). */
  idempotencyKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/**
 * A fetch function. The resources' requests go out as `fetch(url, init)`, `client.raw`'s as
 * `fetch(request)`; `globalThis.fetch` and any WHATWG-compatible fetch fit.
 */
export type FetchFunction = (input: string | Request, init?: RequestInit) => Promise<Response>;

export interface TransportSettings {
  fetch: FetchFunction;
  /** Sent with every request; lower-case names. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  retry: RetryPolicy;
  trace: DebugTrace | undefined;
  randomUUID: () => string;
}

/** A 2xx reply: its parsed body (undefined when empty) and the Response, for its headers. */
export interface Reply<T> {
  data: T;
  response: Response;
}

/** The RequestInit of every attempt of one call. Header names are lower-case. */
interface OutgoingRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** How an attempt failed in a way worth judging for a retry: an error status, or no reply at all. */
type Failure =
  | { response: Response; errorBody: unknown; connection?: undefined }
  | { response?: undefined; errorBody?: undefined; connection: VokeConnectionError };

const NO_OPTIONS: RequestOptions = {};

/**
 * Sends API calls. The timeout covers the whole call: every attempt, every backoff wait and reading
 * the reply, so `timeoutMs` bounds how long a caller waits in total. A retry whose wait would not
 * end before that deadline is not started; the last error is thrown instead. A failure read after the
 * deadline is a VokeTimeoutError, however late a busy event loop ran the timer.
 *
 * A call that succeeds at once runs through two async functions and allocates little besides what
 * fetch itself needs: bench/sdk-overhead.ts holds it against plain fetch.
 */
export class Transport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /**
   * Sends the request `prepare` builds, again while it fails in a way worth retrying, and resolves
   * with the reply's data (`withResponse()` on it gives the Response too). `prepare` runs inside the
   * returned promise, so a bad argument rejects it.
   */
  data<T>(prepare: () => PreparedRequest<T>, options?: RequestOptions): ApiPromise<T> {
    return apiPromise(this.call(prepare, options));
  }

  /** Like `data`, but also gives the final Response (for headers such as Content-Disposition). */
  async call<T>(prepare: () => PreparedRequest<T>, options: RequestOptions = NO_OPTIONS): Promise<Reply<T>> {
    const settings = this.#settings;
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const maxRetries = options.maxRetries ?? settings.retry.maxRetries;
    const maxRateLimitRetries = options.maxRetries === 0 ? 0 : settings.retry.maxRateLimitRetries;
    // The client's own limits were checked when it was made; only per-call overrides need it here.
    if (options !== NO_OPTIONS) checkLimits(timeoutMs, maxRetries);
    options.signal?.throwIfAborted();
    const prepared = prepare();

    let signal = options.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    if (timeoutMs > 0) {
      const expiry = new AbortController();
      timer = setTimeout(expire, timeoutMs, expiry, timeoutMs);
      signal = signal ? AbortSignal.any([signal, expiry.signal]) : expiry.signal;
    }
    const request: OutgoingRequest = {
      method: prepared.method,
      headers: this.#headersFor(prepared, options),
      body: prepared.body,
      signal,
    };

    try {
      // 429s draw on their own budget: waiting out a rate limit is not the same as failing.
      let retry = 0;
      let rateLimited = 0;
      for (;;) {
        const outcome = await this.#attempt<T>(prepared.url, request);
        if ("data" in outcome) return outcome;
        const { response, errorBody, connection } = outcome;
        if (response && !isRetryableStatus(response.status)) throw apiError(response, errorBody);

        const isRateLimit = response?.status === 429;
        const retryAfterMs = response ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
        const waitMs = isRateLimit
          ? retryDelayMs(rateLimited, retryAfterMs, settings.retry, settings.retry.rateLimitJitterMs)
          : retryDelayMs(retry, retryAfterMs, settings.retry);
        // Past the deadline, the call has timed out, even when a busy event loop ran its timer late.
        if (Date.now() >= deadline) throw timedOut(timeoutMs);
        const budget = isRateLimit ? maxRateLimitRetries : maxRetries;
        const used = isRateLimit ? rateLimited++ : retry++;
        if (
          used >= budget ||
          !isRetryableRequest(request.method, "idempotency-key" in request.headers) ||
          Date.now() + waitMs >= deadline
        ) {
          throw response ? apiError(response, errorBody) : connection;
        }
        settings.trace?.write(
          `retry ${used + 1}/${budget} of ${request.method} ${prepared.url} in ${waitMs} ms after ${
            response ? response.status : connection.message
          }`,
        );
        try {
          await settings.retry.sleep(waitMs, signal);
        } catch (error) {
          throw signal?.aborted ? signal.reason : error;
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The headers of every attempt: defaults, content type, the caller's, and a POST's idempotency key. */
  #headersFor(prepared: PreparedRequest<unknown>, options: RequestOptions): Record<string, string> {
    const headers = { ...this.#settings.headers };
    if (prepared.body !== undefined) headers["content-type"] = "application/json";
    const extra = options.headers;
    if (extra) for (const name in extra) headers[name.toLowerCase()] = extra[name] as string;
    // One key for every attempt of the call, so the server answers a repeat with the first result.
    if (prepared.method === "POST" && !("idempotency-key" in headers)) {
      headers["idempotency-key"] = options.idempotencyKey ?? this.#settings.randomUUID();
    }
    return headers;
  }

  /**
   * One attempt: the reply's data, or a failure the retry loop judges (an error status with its
   * body, or a connection that failed or broke off). Anything else is thrown.
   */
  async #attempt<T>(url: string, request: OutgoingRequest): Promise<Reply<T> | Failure> {
    const trace = this.#settings.trace;
    const started = trace ? performance.now() : 0;
    if (trace) {
      const body = request.body ? trace.body(request.body) : "";
      trace.write(`-> ${request.method} ${url}${body ? ` ${body}` : ""}`);
    }
    let response: Response;
    try {
      response = await this.#settings.fetch(url, request);
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      // A VokeError from the fetch itself is a setup problem (no undici for the proxy): no retry helps.
      if (cause instanceof VokeError) throw cause;
      const connection = new VokeConnectionError(`Cannot reach ${new URL(url).origin}: ${describe(cause)}`, {
        cause,
      });
      trace?.write(`<- ${request.method} ${url} failed after ${elapsed(started)}: ${connection.message}`);
      return { connection };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      // A TypeError after the headers arrived means the body stream broke off (fetch's "network error").
      const message = `The connection broke while reading the reply from ${url}`;
      return { connection: new VokeConnectionError(message, { cause }) };
    }
    if (trace) {
      const requestId = response.headers.get("x-request-id");
      const body = trace.body(text);
      trace.write(
        `<- ${response.status} ${request.method} ${url} ${elapsed(started)}${
          requestId ? ` request-id=${requestId}` : ""
        }${body ? ` ${body}` : ""}`,
      );
    }
    if (response.ok) return { data: parseData(text, response) as T, response };
    return { response, errorBody: parseErrorBody(text) };
  }
}

/** The timer's callback (no closure per call): aborts the call's signal with the timeout error. */
function timedOut(timeoutMs: number): VokeTimeoutError {
  return new VokeTimeoutError(`The request did not finish within ${timeoutMs} ms`);
}

function expire(expiry: AbortController, timeoutMs: number): void {
  expiry.abort(timedOut(timeoutMs));
}

/** A 2xx body as JSON (undefined when empty); one that is not JSON is the server's fault, not retried. */
function parseData(text: string, response: Response): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    const requestId = response.headers.get("x-request-id");
    throw new VokeError(
      `The API answered ${response.status} with a body that is not valid JSON${
        requestId ? ` (request id ${requestId})` : ""
      }`,
      { cause },
    );
  }
}

/** An error reply's body: its JSON, or its text when it is not JSON. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The typed API error for an error reply. */
function apiError(response: Response, errorBody: unknown): VokeError {
  const body = isErrorBody(errorBody) ? errorBody : undefined;
  return apiErrorFor({
    status: response.status,
    code: body?.code ?? `HTTP_${response.status}`,
    message: body?.message ?? `The API answered ${response.status} ${response.statusText}`.trim(),
    details: body?.details ?? null,
    requestId: response.headers.get("x-request-id") ?? undefined,
    headers: response.headers,
    retryAfterMs: response.status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined,
  });
}

function isErrorBody(value: unknown): value is { code?: string; message?: string; details?: unknown } {
  return (
    typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string"
  );
}

/** Throws a TypeError for a timeout or retry count that makes no sense. */
export function checkLimits(timeoutMs: number, maxRetries: number): void {
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new TypeError(`timeoutMs must be a number of milliseconds ≥ 0, got ${String(timeoutMs)}`);
  }
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw new TypeError(`maxRetries must be a whole number ≥ 0, got ${String(maxRetries)}`);
  }
}

/** "fetch failed" says nothing; the cause (ECONNREFUSED, ENOTFOUND, ...) does. */
function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause;
  if (inner instanceof Error && inner.message) return inner.message;
  const code = (inner as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? `${cause.message} (${code})` : cause.message;
}

function elapsed(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}
