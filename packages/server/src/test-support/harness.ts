/**
 * The in-memory test harness: the real app over a `:memory:` store, a fixed clock, a recording device
 * gateway, organizations with a token per role, and a check of EVERY response against openapi.yaml.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import { type AdjustableClock, createFixedClock } from "../clock.ts";
import { createSecretBox, type SecretBox } from "../crypto/secret-box.ts";
import { createEventHub, type EventHub } from "../events/event-hub.ts";
import type { AppEnv } from "../http/env.ts";
import { createLogger } from "../logger.ts";
import { loadOpenApiSpec, type OpenApiSpec } from "../openapi/spec.ts";
import { type CertificateAuthority, loadOrCreateCertificateAuthority } from "../pki/certificate-authority.ts";
import type { Role } from "../services/access.ts";
import { createApiToken } from "../services/api-tokens.ts";
import { createRecordingDeviceGateway, type RecordingDeviceGateway } from "../services/device-gateway.ts";
import { createServices, type Services } from "../services/index.ts";
import { createMqttTokenSigner, type MqttTokenSigner } from "../services/mqtt-tokens.ts";
import { createOrganization } from "../services/organizations.ts";
import type { MqttEndpoint } from "../services/provisioning-package.ts";
import { openStore, type Store } from "../storage/store.ts";
import { createResponseValidator, type ResponseValidator } from "./openapi-validator.ts";

/** Who sends a request: a role in the main organization, the other organization's admin, or nobody. */
export type Caller = Role | "otherAdmin" | "otherViewer" | "anonymous";

export interface HarnessRequest {
  /** Default "admin". */
  as?: Caller;
  /** A raw Authorization bearer token instead of `as`. */
  token?: string;
  /** Sent as JSON (Content-Type: application/json). */
  json?: unknown;
  /** Sent as is, with whatever Content-Type `headers` give. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Set false only for requests outside the contract (unknown routes); default true. */
  validate?: boolean;
}

/**
 * A JSON body as tests read it. Loose on purpose: every body the harness returns has already been checked
 * against its openapi.yaml schema.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the contract check stands in for the type.
export type ResponseBody = any;

export interface HarnessResponse<T = ResponseBody> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: T;
  /** The operation the response was checked against, e.g. "GET /api/v1/plants/{id}". */
  operation: string | undefined;
}

/** A response broke openapi.yaml. */
export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
}

export interface TestHarness {
  app: Hono<AppEnv>;
  store: Store;
  clock: AdjustableClock;
  gateway: RecordingDeviceGateway;
  ca: CertificateAuthority;
  secretBox: SecretBox;
  mqttTokens: MqttTokenSigner;
  services: Services;
  /** The event hub the services publish to (GET /api/v1/events). */
  events: EventHub;
  spec: OpenApiSpec;
  validator: ResponseValidator;
  mqttEndpoint: MqttEndpoint;
  /** Every log line the app wrote (JSON text). */
  logs: string[];
  organizationId: string;
  otherOrganizationId: string;
  /** Bearer tokens by caller. */
  tokens: Record<Exclude<Caller, "anonymous">, string>;
  /** Every response seen, with the operation it was checked against; for coverage assertions. */
  seen: { operation: string | undefined; status: number }[];
  /** Sends a request to the app in memory and checks the response against openapi.yaml (throws on mismatch). */
  request<T = ResponseBody>(
    method: string,
    path: string,
    options?: HarnessRequest,
  ): Promise<HarnessResponse<T>>;
  /** A fetch that goes to the app and checks each response; for the SDK (`createVokeClient({ fetch })`). */
  fetch: typeof fetch;
  /** Creates a plant through the API (as admin unless told) and returns its body. */
  createPlant(fields?: Record<string, unknown>, as?: Caller): Promise<ResponseBody>;
  close(): void;
}

export interface HarnessOptions {
  /** Start time of the fixed clock; default 2025-06-15T12:00:00.000Z. */
  now?: string;
  maxBodyBytes?: number;
  idempotencyWaitMs?: number;
  /** Failed authentications per minute per source address before 429; off by default. */
  authFailuresPerMinute?: number;
  /** Exact origins allowed by CORS; none by default, like the server. */
  corsOrigins?: readonly string[];
  /** Events an event stream may queue for a slow client (GET /api/v1/events); the server's default otherwise. */
  maxQueuedEvents?: number;
}

let serial = 0;
// Parsing the spec and building the validator are the slow part of a harness; once per test worker is enough.
let shared: { spec: OpenApiSpec; validator: ResponseValidator } | undefined;
function sharedContract(): { spec: OpenApiSpec; validator: ResponseValidator } {
  if (!shared) {
    const spec = loadOpenApiSpec();
    shared = { spec, validator: createResponseValidator(spec.document) };
  }
  return shared;
}

/**
 * @example
 * const h = await createTestHarness();
 * const res = await h.request("POST", "/api/v1/plants", { json: { name: "A", serialNumber: "SN-1", type: "SENSOR" } });
 * expect(res.status).toBe(201);
 * h.close();
 */
export async function createTestHarness(options: HarnessOptions = {}): Promise<TestHarness> {
  const clock = createFixedClock(options.now ?? "2025-06-15T12:00:00.000Z");
  const store = openStore(":memory:");
  const caDir = mkdtempSync(join(tmpdir(), "voke-harness-ca-"));
  const ca = await loadOrCreateCertificateAuthority({ dir: caDir, now: () => clock.now() });
  const secretBox = createSecretBox(new Uint8Array(32).fill(7));
  const mqttTokens = createMqttTokenSigner({ key: new Uint8Array(32).fill(9) });
  const gateway = createRecordingDeviceGateway();
  const logs: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logs.push(line), now: () => clock.now() });
  const { spec, validator } = sharedContract();
  const mqttEndpoint: MqttEndpoint = { host: "localhost", port: 8883 };
  const events = createEventHub({ store, clock, logger });
  const services = createServices({
    events,
    store,
    clock,
    ca,
    secretBox,
    gateway,
    mqttTokens,
    mqttEndpoint: () => mqttEndpoint,
    logger,
  });
  const app = createApp({
    services,
    store,
    clock,
    secretBox,
    logger,
    spec,
    events,
    eventStream: {
      heartbeatMs: 50,
      ...(options.maxQueuedEvents && { maxQueuedEvents: options.maxQueuedEvents }),
    },
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    idempotencyWaitMs: options.idempotencyWaitMs ?? 2000,
    authFailuresPerMinute: options.authFailuresPerMinute,
    corsOrigins: options.corsOrigins,
  });

  const main = createOrganization(store, clock, "Main organization");
  const other = createOrganization(store, clock, "Other organization");
  const mint = (organizationId: string, role: Role) =>
    createApiToken(store, clock, { organizationId, role, name: `${role} test token` }).token;
  const tokens: TestHarness["tokens"] = {
    viewer: mint(main.id, "viewer"),
    operator: mint(main.id, "operator"),
    provisioner: mint(main.id, "provisioner"),
    admin: mint(main.id, "admin"),
    superadmin: mint(main.id, "superadmin"),
    otherAdmin: mint(other.id, "admin"),
    otherViewer: mint(other.id, "viewer"),
  };
  const seen: TestHarness["seen"] = [];

  const checked = async (request: Request, validate: boolean): Promise<Response> => {
    let response = await app.request(request);
    if (!validate) return response;
    if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
      // A stream never ends by itself: its status and headers are checked, the events by the tests that read them.
      await response.body?.cancel();
      response = new Response(null, { status: response.status, headers: response.headers });
    }
    const text = await response.clone().text();
    const url = new URL(request.url);
    const result = validator.check({
      method: request.method,
      path: url.pathname,
      status: response.status,
      headers: response.headers,
      body: text,
    });
    seen.push({ operation: result.operation, status: response.status });
    if (result.problems.length > 0) {
      throw new ContractViolation(
        `${request.method} ${url.pathname} → ${response.status} breaks openapi.yaml` +
          `${result.operation ? ` (${result.operation})` : ""}:\n  - ${result.problems.join("\n  - ")}\n  body: ${text.slice(0, 500)}`,
      );
    }
    return response;
  };

  const harness: TestHarness = {
    app,
    store,
    clock,
    gateway,
    ca,
    secretBox,
    mqttTokens,
    services,
    events,
    spec,
    validator,
    mqttEndpoint,
    logs,
    organizationId: main.id,
    otherOrganizationId: other.id,
    tokens,
    seen,
    async request(method, path, requestOptions = {}) {
      const headers = new Headers(requestOptions.headers);
      const caller = requestOptions.as ?? "admin";
      const token = requestOptions.token ?? (caller === "anonymous" ? undefined : tokens[caller]);
      if (token !== undefined && !headers.has("authorization"))
        headers.set("authorization", `Bearer ${token}`);
      let body: string | Uint8Array | undefined = requestOptions.body;
      if (requestOptions.json !== undefined) {
        body = JSON.stringify(requestOptions.json);
        if (!headers.has("content-type")) headers.set("content-type", "application/json");
      }
      const request = new Request(new URL(path, "http://voke.test"), {
        method,
        headers,
        body: body as BodyInit | undefined,
      });
      const response = await checked(request, requestOptions.validate ?? true);
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const operation = seen.at(-1)?.operation;
      return {
        status: response.status,
        headers: response.headers,
        text,
        body: parsed as ResponseBody,
        operation,
      };
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
      checked(new Request(input, init), true)) as typeof fetch,
    async createPlant(fields = {}, as = "admin") {
      serial++;
      const response = await harness.request("POST", "/api/v1/plants", {
        as,
        json: {
          name: `Plant ${serial}`,
          serialNumber: `SN-${serial}-${Date.now()}`,
          type: "GATEWAY",
          ...fields,
        },
      });
      if (response.status !== 201) {
        throw new Error(`createPlant failed: ${response.status} ${response.text}`);
      }
      return response.body;
    },
    close() {
      store.close();
      rmSync(caDir, { recursive: true, force: true });
    },
  };
  return harness;
}
