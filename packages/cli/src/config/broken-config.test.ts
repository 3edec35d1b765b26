import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runVoke } from "../test-support/harness.ts";
import { type RealApi, startRealApi } from "../test-support/real-api.ts";

const root = mkdtempSync(join(tmpdir(), "voke-broken-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

function brokenConfigDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "config.json"), '{"profiles": {"default": {"token": ');
  return dir;
}

describe("a broken config.json", () => {
  it("is reported on stderr and ignored when the environment supplies URL and token", async () => {
    await api.harness.createPlant({ serialNumber: "SN-1" });
    const result = await runVoke(["plants", "list", "-o", "json"], {
      env: {
        VOKE_CONFIG_DIR: brokenConfigDir("env"),
        VOKE_API_URL: "http://voke.test",
        VOKE_TOKEN: api.harness.tokens.admin,
      },
      createClient: api.createClient,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
    expect(result.stderr).toMatch(/config\.json is not valid JSON.*ignoring it/);
  });

  it("is a usage error (exit 2) naming the file when nothing else supplies a token", async () => {
    const dir = brokenConfigDir("alone");
    const result = await runVoke(["plants", "list"], {
      env: { VOKE_CONFIG_DIR: dir },
      createClient: api.createClient,
    });
    expect(result.code).toBe(2);
    expect(api.sent).toEqual([]);
    expect(result.stderr).toContain(join(dir, "config.json"));
  });

  it("is replaced by `voke login`, the broken one kept aside", async () => {
    const dir = brokenConfigDir("login");
    const token = api.harness.tokens.admin;
    // login checks the token with one cheap call to the API before saving it.
    const login = await runVoke(["login", "--url", "http://voke.test", "--with-token"], {
      env: { VOKE_CONFIG_DIR: dir },
      stdin: `${token}\n`,
      createClient: api.createClient,
    });
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/moved it to .*config\.json\.broken-/);
    const saved = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(saved.profiles.default.token).toBe(token);
    const after = await runVoke(["plants", "list", "-o", "json"], {
      env: { VOKE_CONFIG_DIR: dir },
      createClient: api.createClient,
    });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual([]);
    expect(after.stderr).toBe("");
  });
});
