import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiErrorFor } from "@voke/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { fakePlants } from "../fake-plants-client.ts";
import { createKey, provisionKey, reissueKey } from "./keys.ts";
import { createKnownPlants } from "./known-plants.ts";
import { createRowRunner, type RowRunnerDeps } from "./row-runner.ts";
import { type PlantRow, readPlantRows } from "./rows.ts";

const CSV = "name,serialNumber,type\nRoof,SN-1,GATEWAY\nMeter,SN-2,SENSOR\n";

async function setup(fake = fakePlants(), outDir?: string, extra: Partial<RowRunnerDeps> = {}) {
  const known = createKnownPlants(() => fake.client.plants.iterate({ limit: 100 }));
  await known.load();
  const runRow = createRowRunner({
    plants: fake.client.plants,
    known,
    outDir,
    scanStartedAt: Date.now(),
    ...extra,
  });
  fake.calls.length = 0;
  return { fake, runRow };
}

const rows = () => readPlantRows(CSV, "csv", "p.csv");
const row1 = () => rows()[0] as PlantRow;

describe("bulk row runner without --provision", () => {
  it("creates the plant with the row's derived Idempotency-Key", async () => {
    const { fake, runRow } = await setup();
    const result = await runRow(row1());
    const [plant] = [...fake.store.values()];
    expect(result).toEqual({ row: 1, serialNumber: "SN-1", status: "created", id: plant?.id, error: null });
    expect(fake.callsOf("create")).toEqual([
      [{ name: "Roof", serialNumber: "SN-1", type: "GATEWAY" }, { idempotencyKey: createKey(row1()) }],
    ]);
  });

  it("reports a plant known before the run as exists, without calling create", async () => {
    const fake = fakePlants();
    const existing = fake.seed({ serialNumber: "SN-1" });
    const { runRow } = await setup(fake);
    expect(await runRow(row1())).toMatchObject({ status: "exists", id: existing.id, error: null });
    expect(fake.callsOf("create")).toEqual([]);
  });

  it("looks a 409 up and reports exists when another client created the plant meanwhile", async () => {
    const { fake, runRow } = await setup();
    const meanwhile = fake.seed({ serialNumber: "SN-1" });
    expect(await runRow(row1())).toMatchObject({ status: "exists", id: meanwhile.id });
    expect(fake.calls.map((call) => call.method)).toEqual(["create", "iterate", "list"]);
  });

  it("fails a 409 whose plant it cannot see (another organization)", async () => {
    const conflict = apiErrorFor({ status: 409, code: "PLANT_ALREADY_EXISTS", message: "exists" });
    const fake = fakePlants({ failWith: (method) => (method === "create" ? conflict : undefined) });
    const { runRow } = await setup(fake);
    const result = await runRow(row1());
    expect(result.status).toBe("failed");
    expect(result.error).toContain("belongs to a plant outside your organization");
  });

  it("turns API rejections into failed rows with the code and field issues", async () => {
    const rejection = apiErrorFor({
      status: 400,
      code: "VALIDATION_ERROR",
      message: "Validation error",
      details: { issues: [{ path: "name", message: "must not be empty" }] },
    });
    const fake = fakePlants({ failWith: (method) => (method === "create" ? rejection : undefined) });
    const { runRow } = await setup(fake);
    expect(await runRow(row1())).toEqual({
      row: 1,
      serialNumber: "SN-1",
      status: "failed",
      id: null,
      error: "VALIDATION_ERROR: Validation error (name: must not be empty)",
    });
  });

  it("stops the run on a permission error, which every row would hit", async () => {
    const forbidden = apiErrorFor({ status: 403, code: "FORBIDDEN", message: "Forbidden" });
    const fake = fakePlants({ failWith: (method) => (method === "create" ? forbidden : undefined) });
    const { runRow } = await setup(fake);
    await expect(runRow(row1())).rejects.toBe(forbidden);
  });

  it("reports an invalid row as failed without any call", async () => {
    const { fake, runRow } = await setup();
    const [bad] = readPlantRows("name,serialNumber,type\nX,SN-9,ROBOT\n", "csv", "p.csv");
    expect(await runRow(bad as PlantRow)).toEqual({
      row: 1,
      serialNumber: "SN-9",
      status: "failed",
      id: null,
      error: "type: must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER",
    });
    expect(fake.calls).toEqual([]);
  });

  it("creates again under a new key when an earlier run's replayed answer names a deleted plant", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const fake = fakePlants({ now: () => now });
    const first = await setup(fake);
    const original = await first.runRow(row1());
    fake.store.delete(original.id as string); // deleted between the runs
    now = new Date("2030-01-01T01:00:00Z");
    const second = await setup(fake, undefined, { scanStartedAt: now.getTime() });
    const result = await second.runRow(row1());
    expect(result.status).toBe("created");
    expect(result.id).not.toBe(original.id);
    expect(fake.store.has(result.id as string)).toBe(true);
    expect(fake.callsOf("create").map(([, options]) => options)).toEqual([
      { idempotencyKey: createKey(row1(), 0) },
      { idempotencyKey: createKey(row1(), 1) },
    ]);
  });
});

describe("bulk row runner with --provision", () => {
  // PASSWORD plants: the fake's packages carry no real certificate to check (the e2e tests check MTLS).
  const PASSWORD_CSV = "name,serialNumber,type,authMethod\nRoof,SN-1,GATEWAY,PASSWORD\n";
  const passwordRow = () => readPlantRows(PASSWORD_CSV, "csv", "p.csv")[0] as PlantRow;
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const outDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "voke-rows-"));
    made.push(dir);
    return dir;
  };

  it("provisions a new plant with the derived key and writes DIR/voke-<serial>.json with mode 0600", async () => {
    const dir = outDir();
    const { fake, runRow } = await setup(fakePlants(), dir);
    const result = await runRow(passwordRow());
    const file = join(dir, "voke-SN-1.json");
    expect(result).toEqual({
      row: 1,
      serialNumber: "SN-1",
      status: "provisioned",
      id: result.id,
      error: null,
      file,
      created: true,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe(result.id);
    expect(fake.callsOf("provision")).toEqual([
      [result.id, { idempotencyKey: provisionKey(passwordRow(), result.id as string) }],
    ]);
  });

  it("never re-issues a plant that already has credentials: it writes the current package (downloaded)", async () => {
    const dir = outDir();
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1", authMethod: "PASSWORD", lifecycleStatus: "ACTIVE" });
    const { runRow } = await setup(fake, dir);
    expect(await runRow(passwordRow())).toMatchObject({ status: "downloaded", id: plant.id, created: false });
    expect(fake.callsOf("provision")).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, "voke-SN-1.json"), "utf8")).security.hmacSecret).toBe(
      `hmac-${plant.id}`,
    );
  });

  it("issues new credentials to such a plant only with --reissue (reissued)", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1", authMethod: "PASSWORD", lifecycleStatus: "ACTIVE" });
    const { runRow } = await setup(fake, outDir(), { reissue: true });
    expect(await runRow(passwordRow())).toMatchObject({ status: "reissued", id: plant.id });
    expect(fake.callsOf("provision")).toEqual([
      [plant.id, { idempotencyKey: reissueKey(passwordRow(), plant.id) }],
    ]);
  });

  it("writes the current package when the key's first answer holds superseded credentials", async () => {
    const superseded = apiErrorFor({ status: 409, code: "CREDENTIALS_SUPERSEDED", message: "superseded" });
    const fake = fakePlants({ failWith: (method) => (method === "provision" ? superseded : undefined) });
    const { runRow } = await setup(fake, outDir());
    expect(await runRow(passwordRow())).toMatchObject({ status: "downloaded", error: null });
    expect(fake.callsOf("downloadProvisioning")).toHaveLength(1);
  });

  it("replaces a stale package file of the same plant, and leaves another plant's file alone", async () => {
    const dir = outDir();
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1", authMethod: "PASSWORD", lifecycleStatus: "ACTIVE" });
    const file = join(dir, "voke-SN-1.json");
    writeFileSync(file, JSON.stringify({ plantId: plant.id, security: { hmacSecret: "rotated-away" } }));
    const { runRow } = await setup(fake, dir);
    expect(await runRow(passwordRow())).toMatchObject({ status: "downloaded" });
    expect(JSON.parse(readFileSync(file, "utf8")).security.hmacSecret).toBe(`hmac-${plant.id}`);

    writeFileSync(file, JSON.stringify({ plantId: "someone-else", security: {} }));
    const result = await runRow(passwordRow());
    expect(result.status).toBe("failed");
    expect(result.error).toContain("already holds another plant's package");
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe("someone-else");
  });

  it("fails the row, keeping the plant id, when provisioning is refused", async () => {
    const refused = apiErrorFor({ status: 400, code: "BAD_REQUEST", message: "plant is DECOMMISSIONED" });
    const fake = fakePlants({ failWith: (method) => (method === "provision" ? refused : undefined) });
    const plant = fake.seed({ serialNumber: "SN-1", authMethod: "PASSWORD" });
    const { runRow } = await setup(fake, outDir());
    expect(await runRow(passwordRow())).toEqual({
      row: 1,
      serialNumber: "SN-1",
      status: "failed",
      id: plant.id,
      error: "getting the package failed: BAD_REQUEST: plant is DECOMMISSIONED",
      created: false,
    });
  });
});
