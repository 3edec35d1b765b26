import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { fakePlants } from "../plants/fake-plants-client.ts";
import { run } from "./download.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

describe("provision download", () => {
  it("writes the package 0600 to --file and prints a summary without secrets", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(tmpdir(), "voke-dl-")), "plant.json");
    const { deps, stdout } = await createTestDeps({ env, client: fake.client, globals: { output: "json" } });
    await run({ plantId: plant.id, file, stdout: false, force: false }, deps);
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written.plantId).toBe(plant.id);
    expect(written.security.clientKey).toContain("SECRET-KEY");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(stdout())).toEqual({ plantId: plant.id, file, authMethod: "MTLS" });
    expect(stdout()).not.toContain("SECRET-KEY");
  });

  it("defaults to the server's file name in the current directory", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-42" });
    const dir = mkdtempSync(join(tmpdir(), "voke-dl-"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { deps, stdout } = await createTestDeps({ env, client: fake.client });
      await run({ plantId: plant.id, stdout: false, force: false }, deps);
      expect(stdout()).toContain(`file\t${join(dir, "voke-SN-42.json")}\n`);
    } finally {
      process.chdir(cwd);
    }
    expect(statSync(join(dir, "voke-SN-42.json")).mode & 0o777).toBe(0o600);
  });

  it("refuses to overwrite without --force (exit 2) and replaces with it", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(tmpdir(), "voke-dl-")), "plant.json");
    writeFileSync(file, "keep me");
    const createClient = () => fake.client as never;
    const refused = await runVoke(["provision", "download", plant.id, "--file", file], { env, createClient });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to overwrite");
    expect(readFileSync(file, "utf8")).toBe("keep me");
    expect(fake.callsOf("downloadProvisioning")).toEqual([]);
    const forced = await runVoke(["provision", "download", plant.id, "--file", file, "--force"], {
      env,
      createClient,
    });
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe(plant.id);
  });

  it("prints the package JSON on stdout with --stdout, and refuses --stdout with --file", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const createClient = () => fake.client as never;
    const printed = await runVoke(["provision", "download", plant.id, "--stdout"], { env, createClient });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout).security.hmacSecret).toBe(`hmac-${plant.id}`);
    const both = await runVoke(["provision", "download", plant.id, "--stdout", "--file", "x.json"], {
      env,
      createClient,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--file and --stdout cannot be combined");
  });

  it("says so when the directory of --file does not exist", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const result = await runVoke(["provision", "download", plant.id, "--file", "/nonexistent/dir/p.json"], {
      env,
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("directory /nonexistent/dir does not exist");
  });
});
