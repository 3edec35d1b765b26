import { afterEach, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "../test-support/harness.ts";

const APP_ORIGIN = "http://localhost:5173";
const OTHER_ORIGIN = "https://evil.example";

let h: TestHarness;
afterEach(() => h.close());

/** The browser's preflight before a POST with a token and a JSON body: no Authorization header. */
function preflight(origin: string): Promise<Response> {
  return Promise.resolve(
    h.app.request("/api/v1/plants", {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,idempotency-key",
      },
    }),
  );
}

describe("CORS off (the default)", () => {
  it("sends no CORS header, and a preflight meets authentication like any request", async () => {
    h = await createTestHarness();
    const answer = await preflight(APP_ORIGIN);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const list = await h.request("GET", "/api/v1/plants", { headers: { origin: APP_ORIGIN } });
    expect(list.status).toBe(200);
    expect(list.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("CORS on (VOKE_CORS_ORIGINS)", () => {
  it("answers a listed origin's preflight without a token", async () => {
    h = await createTestHarness({ corsOrigins: [APP_ORIGIN, "https://app.example.com"] });
    const answer = await preflight(APP_ORIGIN);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(answer.headers.get("access-control-allow-methods")).toContain("POST");
    const allowedHeaders = answer.headers.get("access-control-allow-headers")?.toLowerCase() ?? "";
    for (const header of ["authorization", "content-type", "idempotency-key", "x-request-id"]) {
      expect(allowedHeaders).toContain(header);
    }
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    expect(answer.headers.get("vary")).toContain("Origin");
  });

  it("lets a listed origin read responses, errors included, and the headers a client needs", async () => {
    h = await createTestHarness({ corsOrigins: [APP_ORIGIN] });
    const list = await h.request("GET", "/api/v1/plants", { headers: { origin: APP_ORIGIN } });
    expect(list.status).toBe(200);
    expect(list.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(list.headers.get("vary")).toContain("Origin");
    const exposed = list.headers.get("access-control-expose-headers") ?? "";
    for (const header of [
      "X-Request-Id",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
    ]) {
      expect(exposed).toContain(header);
    }
    const refused = await h.request("GET", "/api/v1/plants", {
      as: "anonymous",
      headers: { origin: APP_ORIGIN },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(refused.headers.get("x-request-id")).toBeTruthy();
  });

  it("gives an unlisted origin nothing a browser would accept", async () => {
    h = await createTestHarness({ corsOrigins: [APP_ORIGIN] });
    const answer = await preflight(OTHER_ORIGIN);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const list = await h.request("GET", "/api/v1/plants", { headers: { origin: OTHER_ORIGIN } });
    expect(list.headers.get("access-control-allow-origin")).toBeNull();
    expect(list.headers.get("vary")).toContain("Origin");
    // A look-alike is not the origin: matching is exact.
    const lookAlike = await preflight(`${APP_ORIGIN}.evil.example`);
    expect(lookAlike.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("leaves same-origin and non-browser requests untouched", async () => {
    h = await createTestHarness({ corsOrigins: [APP_ORIGIN] });
    const list = await h.request("GET", "/api/v1/plants");
    expect(list.status).toBe(200);
    expect(list.headers.get("access-control-allow-origin")).toBeNull();
    expect(list.headers.get("vary") ?? "").not.toContain("Origin");
  });
});
