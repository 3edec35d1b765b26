import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sdk from "@voke/sdk";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProfileStore } from "../../config/profiles.ts";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { run } from "./login.ts";

const configDir = () => mkdtempSync(join(tmpdir(), "voke-login-"));
const TOKEN = "vok_test_0123456789abcdef";

function fakeClient(list: () => Promise<unknown>) {
  const calls: string[] = [];
  return {
    calls,
    client: {
      templates: {
        list: async () => {
          calls.push("templates.list");
          return list();
        },
      },
    },
  };
}

describe("login.run", () => {
  it("reads the token from stdin, checks it with the API, then saves URL and token (0600)", async () => {
    const dir = configDir();
    const fake = fakeClient(async () => ({ data: [] }));
    const { deps, clientCalls, stderr, stdout } = await createTestDeps({
      env: { VOKE_CONFIG_DIR: dir },
      stdin: `${TOKEN}\n`,
      client: fake.client,
      globals: { apiUrl: "https://voke.example.com/" },
    });
    await run({ withToken: true }, deps);
    expect(clientCalls).toMatchObject([{ baseUrl: "https://voke.example.com", token: TOKEN }]);
    expect(fake.calls).toEqual(["templates.list"]);
    const store = createProfileStore(dir);
    expect(store.read("default")).toEqual({ apiUrl: "https://voke.example.com", token: TOKEN });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(stdout()).toBe("");
    // Piped: no "✓ Logged in" (a confirmation is for a person at a terminal).
    expect(stderr()).toBe("");
    expect(stderr()).not.toContain(TOKEN);
  });

  it("saves into the profile chosen with --profile, using the resolved API URL without --url", async () => {
    const dir = configDir();
    const { deps } = await createTestDeps({
      env: { VOKE_CONFIG_DIR: dir, VOKE_API_URL: "http://10.0.0.5:8080" },
      globals: { profile: "ci" },
      stdin: TOKEN,
      client: fakeClient(async () => ({ data: [] })).client,
    });
    await run({ withToken: true }, deps);
    expect(createProfileStore(dir).read("ci")).toEqual({ apiUrl: "http://10.0.0.5:8080", token: TOKEN });
    expect(createProfileStore(dir).read("default")).toEqual({});
  });

  it("saves nothing when the API rejects the token", async () => {
    const dir = configDir();
    const rejected = new sdk.AuthenticationError({
      status: 401,
      code: "UNAUTHORIZED",
      message: "Invalid token",
    });
    const { deps } = await createTestDeps({
      env: { VOKE_CONFIG_DIR: dir },
      stdin: TOKEN,
      client: fakeClient(async () => Promise.reject(rejected)).client,
    });
    await expect(run({ withToken: true }, deps)).rejects.toBe(rejected);
    expect(createProfileStore(dir).read("default")).toEqual({});
  });

  it("refuses without --with-token, with an empty stdin, or with a token containing spaces", async () => {
    const client = fakeClient(async () => ({ data: [] })).client;
    const env = { VOKE_CONFIG_DIR: configDir() };
    await expect(
      run({ withToken: false }, (await createTestDeps({ env, stdin: TOKEN, client })).deps),
    ).rejects.toThrow(/pass the token on stdin with --with-token/);
    await expect(
      run({ withToken: true }, (await createTestDeps({ env, stdin: "  \n", client })).deps),
    ).rejects.toThrow(/no token on stdin/);
    await expect(
      run({ withToken: true }, (await createTestDeps({ env, stdin: "two words", client })).deps),
    ).rejects.toThrow(/one line without spaces/);
    await expect(
      run(
        { withToken: true },
        (await createTestDeps({ env, stdin: TOKEN, client, globals: { url: "ftp://x" } })).deps,
      ),
    ).rejects.toThrow(/from --api-url/);
  });

  it("warns when VOKE_TOKEN will keep overriding the saved token", async () => {
    const { deps, stderr } = await createTestDeps({
      env: { VOKE_CONFIG_DIR: configDir(), VOKE_TOKEN: "other" },
      stdin: TOKEN,
      client: fakeClient(async () => ({ data: [] })).client,
    });
    await run({ withToken: true }, deps);
    expect(stderr()).toContain("warning: VOKE_TOKEN is set and overrides the saved token");
  });
});

describe("voke login through the real SDK client (msw)", () => {
  const seen: { authorization: string | null; path: string }[] = [];
  const server = setupServer(
    http.get("http://voke.test/api/v1/templates", ({ request }) => {
      seen.push({ authorization: request.headers.get("authorization"), path: new URL(request.url).pathname });
      if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) {
        return HttpResponse.json(
          {
            statusCode: 401,
            error: "Unauthorized",
            code: "UNAUTHORIZED",
            message: "Invalid token",
            details: null,
          },
          { status: 401, headers: { "x-request-id": "req-401" } },
        );
      }
      return HttpResponse.json({ data: [] });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  it("sends the stdin token as a bearer token and saves it", async () => {
    const dir = configDir();
    const result = await runVoke(["login", "--url", "http://voke.test", "--with-token"], {
      env: { VOKE_CONFIG_DIR: dir },
      stdin: `${TOKEN}\n`,
    });
    expect(result.code).toBe(0);
    expect(seen.at(-1)).toEqual({ authorization: `Bearer ${TOKEN}`, path: "/api/v1/templates" });
    expect(createProfileStore(dir).read("default").token).toBe(TOKEN);
  });

  it("exits 4 with the API's code and request id when the token is wrong", async () => {
    const dir = configDir();
    const result = await runVoke(["login", "--url", "http://voke.test", "--with-token"], {
      env: { VOKE_CONFIG_DIR: dir },
      stdin: "vok_wrong_token_000000\n",
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe("error: UNAUTHORIZED: Invalid token (request id req-401)\n");
    expect(createProfileStore(dir).read("default")).toEqual({});
  });
});
