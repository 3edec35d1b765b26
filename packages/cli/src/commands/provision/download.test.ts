import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./download.ts";

// Package files land here; removed after the file.
const root = mkdtempSync(join(tmpdir(), "voke-dl-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let api: RealApi;
let env: Record<string, string>;
beforeEach(async () => {
  api = await startRealApi();
  env = api.env;
});
afterEach(() => api.close());

const downloads = () => api.sent.filter((r) => r.path.endsWith("/provision/download"));

describe("provision download", () => {
  it("writes the package 0600 to --file and prints a summary without secrets", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "MTLS" });
    const file = join(mkdtempSync(join(root, "dl-")), "plant.json");
    const { deps, stdout } = await createTestDeps({ env, client: api.client, globals: { output: "json" } });
    await run({ plantId: plant.id, file, stdout: false, force: false }, deps);
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written.plantId).toBe(plant.id);
    expect(written.security.clientKey).toContain("PRIVATE KEY");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(stdout())).toEqual({ plantId: plant.id, file, authMethod: "MTLS" });
    expect(stdout()).not.toContain("PRIVATE KEY");
  });

  it("defaults to the server's file name in the current directory", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-42" });
    const dir = mkdtempSync(join(root, "dl-"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { deps, stdout } = await createTestDeps({ env, client: api.client });
      await run({ plantId: plant.id, stdout: false, force: false }, deps);
      expect(stdout()).toContain(`file\t${join(dir, "voke-SN-42.json")}\n`);
    } finally {
      process.chdir(cwd);
    }
    expect(statSync(join(dir, "voke-SN-42.json")).mode & 0o777).toBe(0o600);
  });

  it("refuses to overwrite without --force (exit 2) and replaces with it", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1" });
    const file = join(mkdtempSync(join(root, "dl-")), "plant.json");
    writeFileSync(file, "keep me");
    const createClient = api.createClient;
    const refused = await runVoke(["provision", "download", plant.id, "--file", file], { env, createClient });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to overwrite");
    expect(readFileSync(file, "utf8")).toBe("keep me");
    expect(downloads()).toEqual([]);
    const forced = await runVoke(["provision", "download", plant.id, "--file", file, "--force"], {
      env,
      createClient,
    });
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe(plant.id);
  });

  it("prints the package JSON on stdout with --stdout, and refuses --stdout with --file", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "TOKEN" });
    const createClient = api.createClient;
    const printed = await runVoke(["provision", "download", plant.id, "--stdout"], { env, createClient });
    expect(printed.code).toBe(0);
    // The package the server holds for the plant, as its own download gives it.
    const held = await api.harness.request("GET", `/api/v1/plants/${plant.id}/provision/download`);
    expect(JSON.parse(printed.stdout)).toEqual(JSON.parse(held.text));
    const both = await runVoke(["provision", "download", plant.id, "--stdout", "--file", "x.json"], {
      env,
      createClient,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--file and --stdout cannot be combined");
  });

  it("says so when the directory of --file does not exist", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1" });
    const result = await runVoke(["provision", "download", plant.id, "--file", "/nonexistent/dir/p.json"], {
      env,
      createClient: api.createClient,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("directory /nonexistent/dir does not exist");
    expect(downloads()).toEqual([]);
  });
});
