/** `createVokeClient()`: the typed Voke REST client (resources typed by the spec, retries, typed errors). */
import createClient from "openapi-fetch";
import type { WithResponses } from "./api-promise.ts";
import { type DebugOption, DebugTrace, resolveDebugSink } from "./debug.ts";
import type { paths } from "./generated/schema.d.ts";
import type { VokeRawClient } from "./raw-client.ts";
import { createRequestBuilder } from "./request-builder.ts";
import { type AlertRulesResource, createAlertRulesResource } from "./resources/alert-rules.ts";
import { type CommandsResource, createCommandsResource } from "./resources/commands.ts";
import { createEventsResource, type EventsResource } from "./resources/events.ts";
import { createPlantsResource, type PlantsResource } from "./resources/plants.ts";
import { createTemplatesResource, type TemplatesResource } from "./resources/templates.ts";
import { createTokensResource, type TokensResource } from "./resources/tokens.ts";
import { DEFAULT_MAX_RETRIES, defaultRetryPolicy, type Sleep } from "./retry.ts";
import { checkLimits, type FetchFunction, Transport } from "./transport.ts";
import { defaultUserAgent } from "./user-agent.ts";

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface VokeClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8080` (a trailing `/api/v1` is dropped: paths carry it). */
  baseUrl: string;
  /** API token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Limit for a whole call, retries and waits included (default 60 000); 0 disables it. */
  timeoutMs?: number;
  /** Retries after a 408, 5xx or connection failure (default 2). */
  maxRetries?: number;
  /**
   * Retries after a 429 rate limit, each waiting `Retry-After` plus jitter (default 8; counted apart
   * from `maxRetries`). A call with `maxRetries: 0` is never retried.
   */
  rateLimitRetries?: number;
  /** Up to this many ms of random delay added to each `Retry-After` wait (default 1000). */
  rateLimitJitterMs?: number;
  /** The fetch to use (default `globalThis.fetch`; in Node see `createNodeFetch()` from `@voke/sdk/node`). */
  fetch?: FetchFunction;
  /** Default `voke-sdk/<version> (<runtime>)`. */
  userAgent?: string;
  /**
   * Request trace (method, URL, status, duration, request id, bodies with secrets redacted): a
   * function receives each line; `true` writes to `console.error`; `false` stays silent even when
   * `VOKE_DEBUG=1`. Unset: on when the environment has `VOKE_DEBUG=1`.
   */
  debug?: DebugOption;
  /**
   * Where `VOKE_DEBUG` is looked up, once, here (default: the runtime's environment where it may be read;
   * Deno without `--allow-env` reads it as unset rather than failing).
   */
  env?: Record<string, string | undefined>;
  /** Waits between retries (default: an abortable timer). Tests pass one that records and returns. */
  sleep?: Sleep;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
}

export interface VokeClient {
  /** Every call returns an ApiPromise: `await` it for the data, or `.withResponse()` for the Response too. */
  readonly plants: WithResponses<PlantsResource>;
  readonly commands: WithResponses<CommandsResource>;
  readonly alertRules: WithResponses<AlertRulesResource>;
  readonly templates: WithResponses<TemplatesResource>;
  /** The organization's events as they happen (GET /api/v1/events): `for await (const e of client.events.stream())`. */
  readonly events: EventsResource;
  /** The organization's API tokens (admin role). */
  readonly tokens: WithResponses<TokensResource>;
  /**
   * The underlying openapi-fetch client, with the base URL, token and User-Agent set, for anything
   * the resources do not cover. It is plain openapi-fetch: it returns `{data, error, response}` and
   * does not retry, time out or throw typed errors.
   */
  readonly raw: VokeRawClient;
}

/**
 * Creates a Voke API client.
 *
 * @example
 * const voke = createVokeClient({ baseUrl: "http://127.0.0.1:8080", token: process.env.VOKE_TOKEN });
 * const plant = await voke.plants.create({ name: "Roof", serialNumber: "SN-1", type: "GATEWAY" });
 * for await (const p of voke.plants.iterate({ limit: 100 })) console.log(p.name);
 */
export function createVokeClient(options: VokeClientOptions): VokeClient {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const token = checkToken(options.token);
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new TypeError("This runtime has no global fetch: pass `fetch` in the client options");
  }
  // Looked up per request, so a fetch mock or polyfill installed after the client was made still applies.
  const fetch: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const headers = Object.freeze({
    authorization: `Bearer ${token}`,
    "user-agent": options.userAgent ?? defaultUserAgent(),
  });
  // Built on first use: openapi-fetch's createClient reads `globalThis.Request`, which makes Node
  // load undici (~25 ms) even for callers that never touch `raw`.
  let raw: VokeRawClient | undefined;
  const api = createRequestBuilder(baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  checkLimits(timeoutMs, maxRetries);

  const sink = resolveDebugSink(options.debug, options.env);
  const transport = new Transport({
    fetch,
    headers,
    timeoutMs,
    retry: defaultRetryPolicy({
      maxRetries,
      ...(options.rateLimitRetries !== undefined && {
        maxRateLimitRetries: checkCount("rateLimitRetries", options.rateLimitRetries),
      }),
      ...(options.rateLimitJitterMs !== undefined && {
        rateLimitJitterMs: checkCount("rateLimitJitterMs", options.rateLimitJitterMs),
      }),
      ...(options.sleep && { sleep: options.sleep }),
      ...(options.random && { random: options.random }),
    }),
    trace: sink && new DebugTrace(sink, token),
    randomUUID: () => crypto.randomUUID(),
  });
  return {
    plants: createPlantsResource(api, transport),
    commands: createCommandsResource(api, transport),
    alertRules: createAlertRulesResource(api, transport),
    templates: createTemplatesResource(api, transport),
    tokens: createTokensResource(api, transport),
    events: createEventsResource({ baseUrl, fetch, headers }),
    get raw() {
      raw ??= createClient<paths, "application/json">({
        baseUrl,
        headers,
        fetch: (request) => fetch(request),
      });
      return raw;
    },
  };
}

function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw new TypeError(
      `baseUrl must be the server's http(s) origin, such as http://127.0.0.1:8080; got ${JSON.stringify(value)}`,
    );
  }
  // Every spec path starts with /api/v1, so a base URL that already ends in it would double it.
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  return `${url.origin}${path}`;
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a whole number ≥ 0; got ${value}`);
  }
  return value;
}

function checkToken(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters would break the header.
  if (typeof value !== "string" || value.trim() === "" || /[\u0000-\u001f\u007f\s]/.test(value)) {
    throw new TypeError("token must be a non-empty API token without spaces or line breaks");
  }
  return value;
}
