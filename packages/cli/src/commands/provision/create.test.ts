import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./create.ts";
import { packageFileName } from "./secret-output.ts";

const configDir = mkdtempSync(join(tmpdir(), "voke-secret-config-"));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

let api: RealApi;
let env: Record<string, string>;
beforeEach(async () => {
  api = await startRealApi();
  // Pending Idempotency-Keys are kept in the config directory between runs (config/pending-keys.ts).
  env = { ...api.env, VOKE_CONFIG_DIR: configDir };
});
afterEach(() => api.close());

const provisions = () => api.sent.filter((r) => r.method === "POST" && r.path.endsWith("/provision"));
const requests = () => api.sent.map((r) => `${r.method} ${r.path}`);
const lifecycle = async (id: string) =>
  (await api.harness.request("GET", `/api/v1/plants/${id}`)).body.lifecycleStatus;

describe("provision create", () => {
  it("provisions and writes ./voke-<serialNumber>.json with mode 0600", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-7", authMethod: "PASSWORD" });
    const dir = mkdtempSync(join(configDir, "voke-prov-"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { deps, stdout } = await createTestDeps({
        env,
        client: api.client,
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
    expect(requests()).toEqual([
      `GET /api/v1/plants/${plant.id}`,
      `POST /api/v1/plants/${plant.id}/provision`,
    ]);
    expect(await lifecycle(plant.id)).toBe("PROVISIONED");
  });

  it("checks the target before provisioning: an existing file stops it (exit 2) unless --force", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(configDir, "voke-prov-")), "p.json");
    writeFileSync(file, "old package");
    const createClient = api.createClient;
    const refused = await runVoke(["provision", "create", plant.id, "--file", file], { env, createClient });
    expect(refused.code).toBe(2);
    expect(provisions()).toEqual([]);
    expect(await lifecycle(plant.id)).toBe("PENDING");
    expect(readFileSync(file, "utf8")).toBe("old package");
    const forced = await runVoke(["provision", "create", plant.id, "--file", file, "--force"], {
      env,
      createClient,
    });
    expect(forced.code).toBe(0);
    expect(provisions()).toHaveLength(1);
    expect(await lifecycle(plant.id)).toBe("PROVISIONED");
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe(plant.id);
  });

  it("prints the fresh package with --stdout only", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "MTLS" });
    const result = await runVoke(["provision", "create", plant.id, "--stdout"], {
      env,
      createClient: api.createClient,
    });
    expect(JSON.parse(result.stdout)).toMatchObject({ plantId: plant.id, authMethod: "MTLS" });
    expect(requests()).toEqual([`POST /api/v1/plants/${plant.id}/provision`]);
  });

  it("names package files like the server, without path characters", () => {
    expect(packageFileName("SN-001")).toBe("voke-SN-001.json");
    expect(packageFileName("../etc/passwd x")).toBe("voke-.._etc_passwd_x.json");
  });
});
