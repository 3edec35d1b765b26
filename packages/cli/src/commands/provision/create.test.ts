import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { fakePlants } from "../plants/fake-plants-client.ts";
import { run } from "./create.ts";
import { packageFileName } from "./secret-output.ts";

const configDir = mkdtempSync(join(tmpdir(), "voke-secret-config-"));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  // Pending Idempotency-Keys are kept here between runs (config/pending-keys.ts).
  VOKE_CONFIG_DIR: configDir,
  NO_COLOR: "1",
};

describe("provision create", () => {
  it("provisions and writes ./voke-<serialNumber>.json with mode 0600", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-7", authMethod: "PASSWORD" });
    const dir = mkdtempSync(join(tmpdir(), "voke-prov-"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { deps, stdout } = await createTestDeps({
        env,
        client: fake.client,
        globals: { output: "json" },
      });
      await run({ plantId: plant.id, stdout: false, force: false }, deps);
      expect(JSON.parse(stdout())).toEqual({
        plantId: plant.id,
        file: join(dir, "voke-SN-7.json"),
        authMethod: "PASSWORD",
      });
    } finally {
      process.chdir(cwd);
    }
    const file = join(dir, "voke-SN-7.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe(plant.id);
    expect(fake.calls.map((call) => call.method)).toEqual(["get", "provision"]);
  });

  it("checks the target before provisioning: an existing file stops it (exit 2) unless --force", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(tmpdir(), "voke-prov-")), "p.json");
    writeFileSync(file, "old package");
    const createClient = () => fake.client as never;
    const refused = await runVoke(["provision", "create", plant.id, "--file", file], { env, createClient });
    expect(refused.code).toBe(2);
    expect(fake.callsOf("provision")).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("old package");
    const forced = await runVoke(["provision", "create", plant.id, "--file", file, "--force"], {
      env,
      createClient,
    });
    expect(forced.code).toBe(0);
    expect(fake.callsOf("provision")).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe(plant.id);
  });

  it("prints the fresh package with --stdout only", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const result = await runVoke(["provision", "create", plant.id, "--stdout"], {
      env,
      createClient: () => fake.client as never,
    });
    expect(JSON.parse(result.stdout)).toMatchObject({ plantId: plant.id, authMethod: "MTLS" });
    expect(fake.calls.map((call) => call.method)).toEqual(["provision"]);
  });

  it("names package files like the server, without path characters", () => {
    expect(packageFileName("SN-001")).toBe("voke-SN-001.json");
    expect(packageFileName("../etc/passwd x")).toBe("voke-.._etc_passwd_x.json");
  });
});
