/** Runs one API call, attempt after attempt: timeout and abort, retries with backoff, typed errors, trace. */
import type { OutgoingRequest } from "./api-caller.ts";
import type { DebugTrace } from "./debug.ts";
import { apiErrorFor, VokeConnectionError, VokeError, VokeTimeoutError } from "./errors.ts";
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
 * A fetch function. The resources call it as `fetch(url, init)`, `client.raw` as `fetch(request)`;
 * `globalThis.fetch` and any WHATWG-compatible fetch fit.
 */
export type FetchFunction = (input: string | Request, init?: RequestInit) => Promise<Response>;

/** What each attempt hands to the ApiCaller besides the operation's own params and body. */
export interface AttemptInit {
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  /** Typed as openapi-fetch's call signature expects; the ApiCaller calls it with an OutgoingRequest. */
  fetch: (request: Request) => Promise<Response>;
}

/** The shape of an openapi-fetch (and ApiCaller) reply. */
export interface AttemptReply<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export type Attempt<T> = (init: AttemptInit) => Promise<AttemptReply<T>>;

export interface TransportSettings {
  fetch: FetchFunction;
  timeoutMs: number;
  retry: RetryPolicy;
  trace: DebugTrace | undefined;
  randomUUID: () => string;
}

const NO_OPTIONS: RequestOptions = {};

/**
 * Sends API calls. The timeout covers the whole call: every attempt, every backoff wait and reading
 * the reply, so `timeoutMs` bounds how long a caller waits in total. A retry whose wait would not
 * end before that deadline is not started; the last error is thrown instead.
 */
export class Transport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /** Runs `attempt` (one ApiCaller call) until it succeeds or may not be retried; returns its data. */
  async data<T>(attempt: Attempt<T>, options?: RequestOptions): Promise<T> {
    return (await this.call(attempt, options)).data;
  }

  /** Like `data`, but also gives the final Response (for headers such as Content-Disposition). */
  async call<T>(
    attempt: Attempt<T>,
    options: RequestOptions = NO_OPTIONS,
  ): Promise<{ data: T; response: Response }> {
    const settings = this.#settings;
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const maxRetries = options.maxRetries ?? settings.retry.maxRetries;
    // The client's own limits were checked when it was made; only per-call overrides need it here.
    if (options !== NO_OPTIONS) checkLimits(timeoutMs, maxRetries);
    options.signal?.throwIfAborted();

    let signal = options.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    if (timeoutMs > 0) {
      const expiry = new AbortController();
      timer = setTimeout(
        () => expiry.abort(new VokeTimeoutError(`The request did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      signal = signal ? AbortSignal.any([signal, expiry.signal]) : expiry.signal;
    }

    const exchange = new Exchange(settings, signal, options.idempotencyKey);
    const init: AttemptInit = {
      signal,
      headers: options.headers,
      fetch: exchange.fetch as unknown as AttemptInit["fetch"],
    };
    try {
      for (let retry = 0; ; retry++) {
        let reply: AttemptReply<T> | undefined;
        let failure: VokeConnectionError | undefined;
        try {
          reply = await attempt(init);
        } catch (error) {
          failure = exchange.failureOf(error);
        }
        if (reply && (reply.response.ok || !isRetryableStatus(reply.response.status))) return settle(reply);

        const retryAfterMs = reply ? parseRetryAfter(reply.response.headers.get("retry-after")) : undefined;
        const waitMs = retryDelayMs(retry, retryAfterMs, settings.retry);
        const request = exchange.request;
        if (
          retry >= maxRetries ||
          request === undefined ||
          !isRetryableRequest(request.method, "idempotency-key" in request.headers) ||
          Date.now() + waitMs >= deadline
        ) {
          if (reply) return settle(reply);
          throw failure;
        }
        settings.trace?.write(
          `retry ${retry + 1}/${maxRetries} of ${request.method} ${request.url} in ${waitMs} ms after ${
            reply ? reply.response.status : failure?.message
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
}

/** The state of one call across its attempts: the request last sent, its reply, its idempotency key. */
class Exchange {
  readonly #settings: TransportSettings;
  readonly #signal: AbortSignal | undefined;
  #idempotencyKey: string | undefined;
  request: OutgoingRequest | undefined;
  response: Response | undefined;

  constructor(
    settings: TransportSettings,
    signal: AbortSignal | undefined,
    idempotencyKey: string | undefined,
  ) {
    this.#settings = settings;
    this.#signal = signal;
    this.#idempotencyKey = idempotencyKey;
  }

  /** The fetch the ApiCaller calls for each attempt. */
  readonly fetch = async (request: OutgoingRequest): Promise<Response> => {
    this.request = request;
    this.response = undefined;
    if (request.method === "POST" && !("idempotency-key" in request.headers)) {
      this.#idempotencyKey ??= this.#settings.randomUUID();
      request.headers["idempotency-key"] = this.#idempotencyKey;
    }
    const trace = this.#settings.trace;
    const started = trace ? performance.now() : 0;
    if (trace) {
      const body = request.body ? trace.body(request.body) : "";
      trace.write(`-> ${request.method} ${request.url}${body ? ` ${body}` : ""}`);
    }
    let response: Response;
    try {
      response = await this.#settings.fetch(request.url, request);
    } catch (cause) {
      if (this.#signal?.aborted) throw this.#signal.reason;
      const error = new VokeConnectionError(
        `Cannot reach ${new URL(request.url).origin}: ${describe(cause)}`,
        {
          cause,
        },
      );
      trace?.write(`<- ${request.method} ${request.url} failed after ${elapsed(started)}: ${error.message}`);
      throw error;
    }
    this.response = response;
    if (trace) {
      const requestId = response.headers.get("x-request-id");
      const body = trace.body(await response.clone().text());
      trace.write(
        `<- ${response.status} ${request.method} ${request.url} ${elapsed(started)}${
          requestId ? ` request-id=${requestId}` : ""
        }${body ? ` ${body}` : ""}`,
      );
    }
    return response;
  };

  /** Sorts an error thrown during an attempt: a connection failure (to retry) or something to rethrow. */
  failureOf(error: unknown): VokeConnectionError {
    if (this.#signal?.aborted) throw this.#signal.reason;
    if (error instanceof VokeConnectionError) return error;
    const response = this.response;
    if (response && error instanceof TypeError) {
      // A TypeError after the headers arrived means the body stream broke off (fetch's "network error").
      return new VokeConnectionError(
        `The connection broke while reading the reply from ${this.request?.url}`,
        {
          cause: error,
        },
      );
    }
    if (response && error instanceof SyntaxError) {
      const requestId = response.headers.get("x-request-id");
      throw new VokeError(
        `The API answered ${response.status} with a body that is not valid JSON${
          requestId ? ` (request id ${requestId})` : ""
        }`,
        { cause: error },
      );
    }
    // Thrown before anything was sent (e.g. a body JSON.stringify cannot serialise): the caller's to fix.
    throw error;
  }
}

/** Turns a reply into its data, or throws the typed API error. */
function settle<T>(reply: AttemptReply<T>): { data: T; response: Response } {
  const { response } = reply;
  if (response.ok) return { data: reply.data as T, response };
  const body = isErrorBody(reply.error) ? reply.error : undefined;
  throw apiErrorFor({
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
