import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { fakePlants } from "./fake-plants-client.ts";
import { run } from "./rotate-secret.ts";

const configDir = mkdtempSync(join(tmpdir(), "voke-secret-config-"));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  // Pending Idempotency-Keys are kept here between runs (config/pending-keys.ts).
  VOKE_CONFIG_DIR: configDir,
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

  it.each([
    ["a dangling symbolic link", (file: string) => symlinkSync(join(dirname(file), "gone"), file)],
    ["a directory", (file: string) => mkdirSync(file)],
  ])("refuses %s as --secret-file before rotating (exit 2), even with --force", async (_, make) => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(configDir, "voke-rotate-")), "plant.secret");
    make(file);
    for (const force of [[], ["--force"]]) {
      const refused = await runVoke(["plants", "rotate-secret", plant.id, "--secret-file", file, ...force], {
        env,
        createClient: () => fake.client as never,
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/symbolic link|is a directory/);
    }
    expect(fake.callsOf("rotateSecret")).toEqual([]);
  });

  it("when the file cannot be written after rotating, the retry sends the same Idempotency-Key", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const dir = mkdtempSync(join(configDir, "voke-rotate-"));
    const file = join(dir, "plant.secret");
    const rotate = fake.client.plants.rotateSecret;
    let vanish = true;
    // The directory disappears while the server rotates: the answer arrives, the write fails.
    fake.client.plants.rotateSecret = async (id, options) => {
      if (vanish) rmSync(dir, { recursive: true });
      return rotate(id, options);
    };
    const createClient = () => fake.client as never;
    const failed = await runVoke(["plants", "rotate-secret", plant.id, "--secret-file", file], {
      env,
      createClient,
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("run the same command again: it gets this same secret back");
    mkdirSync(dir);
    vanish = false;
    const retried = await runVoke(["plants", "rotate-secret", plant.id, "--secret-file", file], {
      env,
      createClient,
    });
    expect(retried.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("a".repeat(64));
    const keys = fake
      .callsOf("rotateSecret")
      .map((args) => (args[1] as { idempotencyKey?: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^voke-rotate-secret-/);
    expect(keys[1]).toBe(keys[0]);
    // Settled: a later, separate rotation gets a key of its own.
    const later = join(dir, "later.secret");
    await runVoke(["plants", "rotate-secret", plant.id, "--secret-file", later], { env, createClient });
    expect(fake.callsOf("rotateSecret")[2]?.[1]).not.toEqual({ idempotencyKey: keys[0] });
  });
});
