import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakePlants } from "../commands/plants/fake-plants-client.ts";
import { runVoke } from "../test-support/harness.ts";

const root = mkdtempSync(join(tmpdir(), "voke-broken-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function brokenConfigDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "config.json"), '{"profiles": {"default": {"token": ');
  return dir;
}

describe("a broken config.json", () => {
  it("is reported on stderr and ignored when the environment supplies URL and token", async () => {
    const fake = fakePlants();
    fake.seed({ serialNumber: "SN-1" });
    const result = await runVoke(["plants", "list", "-o", "json"], {
      env: {
        VOKE_CONFIG_DIR: brokenConfigDir("env"),
        VOKE_API_URL: "http://127.0.0.1:9",
        VOKE_TOKEN: "vok_test_token_0123456789",
      },
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
    expect(result.stderr).toMatch(/config\.json is not valid JSON.*ignoring it/);
  });

  it("is a usage error (exit 2) naming the file when nothing else supplies a token", async () => {
    const dir = brokenConfigDir("alone");
    const result = await runVoke(["plants", "list"], {
      env: { VOKE_CONFIG_DIR: dir },
      createClient: () => fakePlants().client as never,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(dir, "config.json"));
  });

  it("is replaced by `voke login`, the broken one kept aside", async () => {
    const dir = brokenConfigDir("login");
    const login = await runVoke(["login", "--url", "http://127.0.0.1:9", "--with-token"], {
      env: { VOKE_CONFIG_DIR: dir },
      stdin: "vok_test_token_0123456789\n",
      // login checks the token with one cheap call before saving it.
      createClient: () =>
        ({ ...fakePlants().client, templates: { list: async () => ({ data: [] }) } }) as never,
    });
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/moved it to .*config\.json\.broken-/);
    const saved = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(saved.profiles.default.token).toBe("vok_test_token_0123456789");
    const after = await runVoke(["plants", "list", "-o", "json"], {
      env: { VOKE_CONFIG_DIR: dir },
      createClient: () => fakePlants().client as never,
    });
    expect(after.code).toBe(0);
    expect(after.stderr).toBe("");
  });
});
