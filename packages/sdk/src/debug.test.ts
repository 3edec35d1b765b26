import { HttpResponse } from "msw";
import { describe, expect, test, vi } from "vitest";
import { DebugTrace, REDACTED, redact, resolveDebugSink } from "./debug.ts";
import * as fx from "./test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "./test-support/mock-api.ts";

const server = useMockApi();

describe("redaction", () => {
  test("secret fields are redacted at any depth; other fields are kept", () => {
    const value = {
      plantId: "p1",
      security: { hmacSecret: "h", clientKey: "k", caCert: "CA" },
      list: [{ token: "t", password: "pw", privateKey: "x", apiKey: "a", name: "keep" }],
      secretRotatedAt: null,
      gracePeriodMinutes: 60,
    };
    expect(redact(value)).toEqual({
      plantId: "p1",
      security: { hmacSecret: REDACTED, clientKey: REDACTED, caCert: "CA" },
      list: [{ token: REDACTED, password: REDACTED, privateKey: REDACTED, apiKey: REDACTED, name: "keep" }],
      secretRotatedAt: null,
      gracePeriodMinutes: 60,
    });
  });

  test("a PEM private key is redacted under any field name, and the token anywhere in a line", () => {
    expect(redact({ note: fx.CLIENT_KEY })).toEqual({ note: REDACTED });
    const lines: string[] = [];
    const trace = new DebugTrace((line) => lines.push(line), TOKEN);
    trace.write(`echo ${TOKEN} ${trace.body(JSON.stringify({ x: TOKEN }))}`);
    expect(lines[0]).not.toContain(TOKEN);
    expect(lines[0]).toContain(REDACTED);
  });
});

describe("where trace lines go", () => {
  test("a debug function wins; VOKE_DEBUG=1 turns on console.error; debug: false silences it", () => {
    const sink = () => {};
    expect(resolveDebugSink(sink, {})).toBe(sink);
    expect(resolveDebugSink(undefined, {})).toBeUndefined();
    expect(resolveDebugSink(undefined, { VOKE_DEBUG: "0" })).toBeUndefined();
    expect(resolveDebugSink(false, { VOKE_DEBUG: "1" })).toBeUndefined();
    expect(resolveDebugSink(undefined, undefined)).toBeUndefined();

    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      resolveDebugSink(undefined, { VOKE_DEBUG: "1" })?.("hello");
      resolveDebugSink(true, {})?.("again");
      expect(spy.mock.calls).toEqual([["hello"], ["again"]]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("request trace", () => {
  test("shows method, URL, status, duration and request id, and never the token or secrets", async () => {
    recordAll(server, () =>
      HttpResponse.json(fx.provisioningPackage, { headers: { "X-Request-Id": "req-42" } }),
    );
    const lines: string[] = [];
    const { client } = testClient({ debug: (line) => lines.push(line) });

    await client.plants.provision(fx.PLANT_ID);

    const trace = lines.join("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^\\[voke\\] -> POST http://voke.test/api/v1/plants/${fx.PLANT_ID}/provision$`),
    );
    expect(lines[1]).toMatch(/^\[voke\] <- 200 POST http:\/\/voke\.test\/\S+ \d+ ms request-id=req-42 \{/);
    expect(lines[1]).toContain('"caCert":"-----BEGIN CERTIFICATE-----');
    expect(trace).not.toContain(TOKEN);
    expect(trace).not.toContain(fx.HMAC_SECRET);
    expect(trace).not.toContain("PRIVATE KEY");
    expect(trace).toContain(`"hmacSecret":"${REDACTED}"`);
    expect(trace).toContain(`"clientKey":"${REDACTED}"`);
  });

  test("request bodies are traced with secrets redacted, and retries are announced", async () => {
    let calls = 0;
    recordAll(server, () =>
      ++calls === 1
        ? HttpResponse.json({ code: "X", message: "busy" }, { status: 503 })
        : HttpResponse.json(fx.plant()),
    );
    const lines: string[] = [];
    const { client } = testClient({ debug: (line) => lines.push(line) });

    await client.plants.update(fx.PLANT_ID, { name: "n", metadata: { password: "hunter2", site: "roof" } });

    const trace = lines.join("\n");
    expect(trace).toContain(
      `-> PATCH http://voke.test/api/v1/plants/${fx.PLANT_ID} {"name":"n","metadata":{"password":"${REDACTED}","site":"roof"}}`,
    );
    expect(trace).toMatch(/retry 1\/2 of PATCH \S+ in 375 ms after 503/);
    expect(trace).not.toContain("hunter2");
  });

  test("VOKE_DEBUG=1 in the client's env traces to console.error", async () => {
    recordAll(server, () => HttpResponse.json(fx.page([])));
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await testClient({ env: { VOKE_DEBUG: "1" } }).client.plants.list();
      expect(spy.mock.calls.map((c) => String(c[0]))).toEqual([
        "[voke] -> GET http://voke.test/api/v1/plants",
        expect.stringMatching(/^\[voke\] <- 200 GET http:\/\/voke\.test\/api\/v1\/plants \d+ ms/),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
