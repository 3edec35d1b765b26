/** An msw-backed fake of the Voke API for tests, and a client wired to it with instant retries. */
import { type HttpResponseResolver, http } from "msw";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createVokeClient, type VokeClient, type VokeClientOptions } from "../client.ts";

export const BASE_URL = "http://voke.test";
export const TOKEN = "vk_test_0123456789abcdef";

/** Starts an msw server for the test file; unknown requests fail the test. */
export function useMockApi(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A request as the fake API saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Headers;
  body: unknown;
}

export async function seen(request: Request): Promise<SeenRequest> {
  const url = new URL(request.url);
  const text = await request.clone().text();
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: request.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Answers every request with `resolver` and keeps what it saw, in order. */
export function recordAll(server: SetupServer, resolver: HttpResponseResolver): SeenRequest[] {
  const requests: SeenRequest[] = [];
  server.use(
    http.all(`${BASE_URL}/*`, async (info) => {
      requests.push(await seen(info.request));
      return resolver(info);
    }),
  );
  return requests;
}

export interface TestClient {
  client: VokeClient;
  /** The waits the client asked for between retries (none actually happen). */
  delays: number[];
}

/** A client for the fake API whose retry waits are recorded and skipped, with jitter fixed at 0.5. */
export function testClient(overrides: Partial<VokeClientOptions> = {}): TestClient {
  const delays: number[] = [];
  const client = createVokeClient({
    baseUrl: BASE_URL,
    token: TOKEN,
    env: {},
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client, delays };
}
