/**
 * The real server app on in-memory SQLite, reached by the real SDK through `app.request` — so command
 * tests see the API's own 404s, 409s and idempotency replays instead of a re-implementation of them.
 */

import { createVokeClient } from "@voke/sdk";
import { createTestHarness, type TestHarness } from "../../../server/src/test-support/harness.ts";
import type { CreateClient } from "../factory.ts";

/** One request the CLI sent, as the server received it. */
export interface SentRequest {
  method: string;
  /** Path with query string, e.g. `/api/v1/plants?page=2`. */
  path: string;
  /** Parsed JSON body, if any. */
  body: unknown;
  headers: Headers;
}

export interface RealApi {
  harness: TestHarness;
  /** For `runVoke({ createClient })`: the real SDK over the in-memory app. */
  createClient: CreateClient;
  /** For `createTestDeps({ client })`: a real SDK client as admin. */
  client: ReturnType<CreateClient>;
  /** Env for `runVoke`/`createTestDeps`: the admin token and an API URL. */
  env: Record<string, string>;
  /** Every request the CLI sent, in order. */
  sent: SentRequest[];
  /** Runs `listener` for each request the CLI sends, before the app answers it (to change the world meanwhile). */
  onSend(listener: (request: SentRequest) => void): void;
  /** Makes the next requests that match fail before they reach the app (network error or a response). */
  failNext(match: (request: SentRequest) => boolean, failure: () => Response | Error, times?: number): void;
  close(): void;
}

/** An error answer in the API's shape, for `failNext`. */
export function apiErrorResponse(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json(
    { statusCode: status, error: message, code, message, ...(details ? { details } : {}) },
    { status },
  );
}

export async function startRealApi(): Promise<RealApi> {
  const harness = await createTestHarness();
  const sent: SentRequest[] = [];
  const listeners: ((request: SentRequest) => void)[] = [];
  const failures: {
    match: (request: SentRequest) => boolean;
    failure: () => Response | Error;
    left: number;
  }[] = [];

  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = request.body ? await request.clone().text() : "";
    const url = new URL(request.url);
    const record: SentRequest = {
      method: request.method,
      path: url.pathname + url.search,
      body: text ? JSON.parse(text) : undefined,
      headers: request.headers,
    };
    sent.push(record);
    for (const listener of listeners) listener(record);
    const failing = failures.find((f) => f.left > 0 && f.match(record));
    if (failing) {
      failing.left--;
      const outcome = failing.failure();
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
    return harness.fetch(request);
  }) as typeof globalThis.fetch;

  const createClient: CreateClient = (options) => createVokeClient({ ...options, fetch, maxRetries: 0 });
  const env = {
    VOKE_API_URL: "http://voke.test",
    VOKE_TOKEN: harness.tokens.admin,
    VOKE_CONFIG_DIR: "/nonexistent/voke-test",
    NO_COLOR: "1",
  };
  return {
    harness,
    createClient,
    client: createClient({ baseUrl: env.VOKE_API_URL, token: env.VOKE_TOKEN }),
    env,
    sent,
    onSend(listener) {
      listeners.push(listener);
    },
    failNext(match, failure, times = 1) {
      failures.push({ match, failure, left: times });
    },
    close: () => harness.close(),
  };
}
