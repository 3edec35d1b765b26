import { readFileSync } from "node:fs";
import { HttpResponse } from "msw";
import { describe, expect, test } from "vitest";
import { createVokeClient } from "./client.ts";
import * as fx from "./test-support/fixtures.ts";
import { recordAll, TOKEN, testClient, useMockApi } from "./test-support/mock-api.ts";
import { defaultUserAgent, runtimeName } from "./user-agent.ts";
import { SDK_VERSION } from "./version.ts";

const server = useMockApi();

describe("createVokeClient options", () => {
  test.each(["", "voke.test", "ftp://voke.test", "http://voke.test/?x=1", 42])(
    "baseUrl %j is refused",
    (baseUrl) => {
      expect(() => createVokeClient({ baseUrl: baseUrl as string, token: TOKEN })).toThrow(
        /baseUrl must be the server's http\(s\) origin/,
      );
    },
  );

  test.each(["", "  ", "two words", "line\nbreak", undefined])("token %j is refused", (token) => {
    expect(() => createVokeClient({ baseUrl: "http://voke.test", token: token as string })).toThrow(
      /token must be/,
    );
  });

  test("nonsense limits are refused when the client is made", () => {
    const base = { baseUrl: "http://voke.test", token: TOKEN };
    expect(() => createVokeClient({ ...base, timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => createVokeClient({ ...base, maxRetries: 1.5 })).toThrow(/maxRetries/);
  });

  test.each([
    ["http://voke.test", "/api/v1/templates"],
    ["http://voke.test/", "/api/v1/templates"],
    ["http://voke.test/api/v1/", "/api/v1/templates"],
    ["http://voke.test/gateway", "/gateway/api/v1/templates"],
  ])("baseUrl %s reaches %s", async (baseUrl, path) => {
    const requests = recordAll(server, () => HttpResponse.json({ data: [] }));
    await testClient({ baseUrl }).client.templates.list();
    expect(requests[0]?.path).toBe(path);
  });

  test("a custom User-Agent and fetch are used (the resources call fetch(url, init))", async () => {
    const seen: Request[] = [];
    const client = createVokeClient({
      baseUrl: "http://elsewhere.test",
      token: TOKEN,
      userAgent: "voke-cli/1.2.3",
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return Response.json({ data: [fx.template] });
      },
    });
    expect(await client.templates.list()).toEqual({ data: [fx.template] });
    expect(seen[0]?.url).toBe("http://elsewhere.test/api/v1/templates");
    expect(seen[0]?.headers.get("user-agent")).toBe("voke-cli/1.2.3");
  });

  test("raw is openapi-fetch with the token and base URL set", async () => {
    const requests = recordAll(server, () => HttpResponse.json(fx.plantDetail));
    const { data, error, response } = await testClient().client.raw.GET("/api/v1/plants/{id}", {
      params: { path: { id: fx.PLANT_ID } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.serialNumber).toBe("SN-1");
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });
});

describe("User-Agent", () => {
  test("names the SDK version and the runtime", () => {
    expect(defaultUserAgent()).toBe(`voke-sdk/${SDK_VERSION} (node/${process.versions.node})`);
    expect(runtimeName({ Bun: { version: "1.2.0" }, process: { versions: { node: "22.0.0" } } })).toBe(
      "bun/1.2.0",
    );
    expect(runtimeName({ Deno: { version: { deno: "2.1.4" } } })).toBe("deno/2.1.4");
    expect(runtimeName({ navigator: { userAgent: "Mozilla/5.0" } })).toBe("browser");
    expect(runtimeName({})).toBe("unknown");
  });

  test("SDK_VERSION matches package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
