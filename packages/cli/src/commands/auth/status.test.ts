import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProfileStore } from "../../config/profiles.ts";
import { ExitError } from "../../errors.ts";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { run } from "./status.ts";

async function savedProfile() {
  const dir = mkdtempSync(join(tmpdir(), "voke-status-"));
  await createProfileStore(dir).update("default", {
    apiUrl: "http://stored:1",
    token: "vok_stored_0123456789",
  });
  return dir;
}

describe("auth status", () => {
  it("lists each setting with its source and masks the token", async () => {
    const dir = await savedProfile();
    const { deps, stdout, stderr } = await createTestDeps({
      env: { VOKE_CONFIG_DIR: dir },
      globals: { output: "json" },
    });
    await run({}, deps);
    const rows = JSON.parse(stdout()) as { setting: string; value: unknown; source: string }[];
    const by = Object.fromEntries(rows.map((row) => [row.setting, row]));
    expect(by["api-url"]).toEqual({
      setting: "api-url",
      value: "http://stored:1",
      source: 'profile "default"',
    });
    expect(by.token).toEqual({ setting: "token", value: "vok_…6789", source: 'profile "default"' });
    expect(by.output).toEqual({ setting: "output", value: "json", source: "--output" });
    expect(by.profile?.source).toBe("default");
    expect(stdout()).not.toContain("vok_stored_0123456789");
    expect(stderr()).toBe("");
  });

  it("warns on stderr for each environment variable that hides a stored value", async () => {
    const dir = await savedProfile();
    const env = { VOKE_CONFIG_DIR: dir, VOKE_TOKEN: "vok_from_env_99999999", VOKE_API_URL: "http://env:2" };
    const { deps, stdout, stderr } = await createTestDeps({ env });
    await run({}, deps);
    expect(stderr()).toBe(
      'warning: VOKE_API_URL overrides the api-url stored in profile "default"\n' +
        'warning: VOKE_TOKEN overrides the token stored in profile "default"\n',
    );
    expect(stdout()).toContain("token\tvok_…9999\tVOKE_TOKEN\n");
    expect(stdout()).toContain("api-url\thttp://env:2\tVOKE_API_URL\n");
  });

  it("exits 4 when no token is configured, after showing the settings", async () => {
    const result = await runVoke(["auth", "status"], {
      env: { VOKE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "voke-")) },
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain("token\t\tunset\n");
    expect(result.stderr).toContain("error: not logged in");
    const { deps } = await createTestDeps({ env: { VOKE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "voke-")) } });
    await expect(run({}, deps)).rejects.toBeInstanceOf(ExitError);
  });
});
