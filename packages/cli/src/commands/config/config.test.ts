import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProfileStore } from "../../config/profiles.ts";
import { runVoke } from "../../test-support/harness.ts";

const fresh = () => ({ VOKE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "voke-config-")) });

describe("voke config", () => {
  it("sets a value in the profile (file 0600) and gets it back as plain text", async () => {
    const env = fresh();
    const set = await runVoke(["config", "set", "api-url", "https://voke.example.com/"], { env });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe("");
    const store = createProfileStore(env.VOKE_CONFIG_DIR);
    expect(store.read("default").apiUrl).toBe("https://voke.example.com");
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(await runVoke(["config", "get", "api-url"], { env })).toMatchObject({
      code: 0,
      stdout: "https://voke.example.com\n",
    });
  });

  it("gets the value in force with its source as JSON", async () => {
    const env = { ...fresh(), VOKE_OUTPUT: "csv" };
    const result = await runVoke(["config", "get", "output", "--json"], { env });
    expect(JSON.parse(result.stdout)).toEqual({ key: "output", value: "json", source: "--output" });
  });

  it("writes to the profile named by --profile", async () => {
    const env = fresh();
    await runVoke(["config", "set", "output", "ndjson", "--profile", "ci"], { env });
    expect(createProfileStore(env.VOKE_CONFIG_DIR).read("ci")).toEqual({ output: "ndjson" });
    expect((await runVoke(["config", "get", "output"], { env: { ...env, VOKE_PROFILE: "ci" } })).stdout).toBe(
      "ndjson\n",
    );
  });

  it("refuses the token, unknown keys and bad values with exit 2", async () => {
    const env = fresh();
    const token = await runVoke(["config", "set", "token", "secret"], { env });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain("use `voke login --with-token`");
    expect((await runVoke(["config", "set", "colour", "x"], { env })).stderr).toContain(
      'unknown setting "colour"',
    );
    expect((await runVoke(["config", "set", "output", "xml"], { env })).code).toBe(2);
    expect((await runVoke(["config", "set", "api-url", "nope"], { env })).code).toBe(2);
    expect((await runVoke(["config", "get", "nope"], { env })).stderr).toContain(
      "invalid value for <key>: must be one of api-url, output, profile, token",
    );
    expect(createProfileStore(env.VOKE_CONFIG_DIR).read("default")).toEqual({});
  });

  it("lists settings with sources, and prints the file path", async () => {
    const env = fresh();
    const list = await runVoke(["config", "list", "-o", "csv"], {
      env: { ...env, VOKE_API_URL: "http://e:1" },
    });
    expect(list.stdout).toContain("key,value,source\r\napi-url,http://e:1,VOKE_API_URL\r\n");
    expect((await runVoke(["config", "path"], { env })).stdout).toBe(
      `${join(env.VOKE_CONFIG_DIR, "config.json")}\n`,
    );
  });
});
