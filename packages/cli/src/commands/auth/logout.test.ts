import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProfileStore } from "../../config/profiles.ts";
import { createTestDeps } from "../../test-support/harness.ts";
import { run } from "./logout.ts";

describe("logout", () => {
  it("removes only the token of the chosen profile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voke-logout-"));
    const store = createProfileStore(dir);
    await store.update("ci", { apiUrl: "http://a:1", token: "t1" });
    await store.update("default", { token: "t2" });
    const { deps, stderr } = await createTestDeps({ env: { VOKE_CONFIG_DIR: dir, VOKE_PROFILE: "ci" } });
    await run({}, deps);
    expect(store.read("ci")).toEqual({ apiUrl: "http://a:1" });
    expect(store.read("default")).toEqual({ token: "t2" });
    // Piped: no "✓" confirmation (only on a terminal); the exit code says it worked.
    expect(stderr()).toBe("");
  });

  it("succeeds with a note when nothing is saved", async () => {
    const { deps, stderr } = await createTestDeps({
      env: { VOKE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "voke-logout-")) },
    });
    await run({}, deps);
    expect(stderr()).toContain('No token saved for profile "default"');
  });
});
