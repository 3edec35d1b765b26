import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { fakePlants } from "./fake-plants-client.ts";
import { run } from "./rotate-secret.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

describe("plants rotate-secret", () => {
  it("writes the new secret alone to --secret-file with mode 0600 and prints the grace period", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(tmpdir(), "voke-rotate-")), "plant.secret");
    const { deps, stdout, stderr } = await createTestDeps({
      env,
      client: fake.client,
      globals: { output: "json" },
    });
    await run({ plantId: plant.id, secretFile: file, stdout: false, force: false }, deps);
    expect(readFileSync(file, "utf8")).toBe("a".repeat(64));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(stdout())).toEqual({ plantId: plant.id, file, gracePeriodMinutes: 60 });
    expect(stdout()).not.toContain("a".repeat(64));
    expect(stderr()).toContain("keeps working for 60 minutes");
  });

  it("refuses an existing file before rotating (exit 2), and replaces it with --force", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(tmpdir(), "voke-rotate-")), "plant.secret");
    writeFileSync(file, "old");
    const createClient = () => fake.client as never;
    const refused = await runVoke(["plants", "rotate-secret", plant.id, "--secret-file", file], {
      env,
      createClient,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --force to replace it");
    expect(fake.callsOf("rotateSecret")).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("old");
    const forced = await runVoke(["plants", "rotate-secret", plant.id, "--secret-file", file, "--force"], {
      env,
      createClient,
    });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("a".repeat(64));
  });

  it("prints the secret only with --stdout, and needs one of the two", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const createClient = () => fake.client as never;
    const printed = await runVoke(["plants", "rotate-secret", plant.id, "--stdout", "-o", "json"], {
      env,
      createClient,
    });
    expect(JSON.parse(printed.stdout)).toEqual({
      plantId: plant.id,
      hmacSecret: "a".repeat(64),
      gracePeriodMinutes: 60,
    });
    const neither = await runVoke(["plants", "rotate-secret", plant.id], { env, createClient });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("pass --secret-file FILE");
    const both = await runVoke(["plants", "rotate-secret", plant.id, "--stdout", "--secret-file", "x"], {
      env,
      createClient,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--secret-file and --stdout cannot be combined");
    expect(fake.callsOf("rotateSecret")).toHaveLength(1);
  });
});
