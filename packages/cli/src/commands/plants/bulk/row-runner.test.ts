import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiErrorResponse, type RealApi, startRealApi } from "../../../test-support/real-api.ts";
import { createKey, provisionKey, reissueKey } from "./keys.ts";
import { createKnownPlants } from "./known-plants.ts";
import { createRowRunner, type RowRunnerDeps } from "./row-runner.ts";
import { type PlantRow, readPlantRows } from "./rows.ts";

const CSV = "name,serialNumber,type\nRoof,SN-1,GATEWAY\nMeter,SN-2,SENSOR\n";

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

/** Requests sent since the runner was set up (its scan of existing plants left out). */
let mark = 0;
const sent = () => api.sent.slice(mark);
const sentTo = (method: string, suffix: string) =>
  sent().filter((r) => r.method === method && (r.path.split("?")[0] ?? "").endsWith(suffix));

async function setup(outDir?: string, extra: Partial<RowRunnerDeps> & { token?: string } = {}) {
  const { token, ...rest } = extra;
  const client = token ? api.createClient({ baseUrl: api.env.VOKE_API_URL as string, token }) : api.client;
  const known = createKnownPlants(() => client.plants.iterate({ limit: 100 }));
  await known.load();
  const runRow = createRowRunner({
    plants: client.plants,
    known,
    outDir,
    scanStartedAt: Date.now(),
    ...rest,
  });
  mark = api.sent.length;
  return { runRow };
}

const plantsOnServer = async () => (await api.harness.request("GET", "/api/v1/plants")).body.data;
const rows = () => readPlantRows(CSV, "csv", "p.csv");
const row1 = () => rows()[0] as PlantRow;

describe("bulk row runner without --provision", () => {
  it("creates the plant with the row's derived Idempotency-Key", async () => {
    const { runRow } = await setup();
    const result = await runRow(row1());
    const [plant] = await plantsOnServer();
    expect(result).toEqual({ row: 1, serialNumber: "SN-1", status: "created", id: plant?.id, error: null });
    const creates = sentTo("POST", "/api/v1/plants");
    expect(creates.map((r) => [r.body, r.headers.get("idempotency-key")])).toEqual([
      [{ name: "Roof", serialNumber: "SN-1", type: "GATEWAY" }, createKey(row1())],
    ]);
  });

  it("reports a plant known before the run as exists, without calling create", async () => {
    const existing = await api.harness.createPlant({ serialNumber: "SN-1" });
    const { runRow } = await setup();
    expect(await runRow(row1())).toMatchObject({ status: "exists", id: existing.id, error: null });
    expect(sentTo("POST", "/api/v1/plants")).toEqual([]);
  });

  it("looks a 409 up and reports exists when another client created the plant meanwhile", async () => {
    const { runRow } = await setup();
    const meanwhile = await api.harness.createPlant({ serialNumber: "SN-1" });
    expect(await runRow(row1())).toMatchObject({ status: "exists", id: meanwhile.id });
    const [create, ...lookups] = sent();
    expect(create?.method).toBe("POST");
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((r) => r.method === "GET" && r.path.startsWith("/api/v1/plants?"))).toBe(true);
  });

  it("fails a 409 whose plant it cannot see (another organization)", async () => {
    await api.harness.createPlant({ serialNumber: "SN-1" }, "otherAdmin");
    const { runRow } = await setup();
    const result = await runRow(row1());
    expect(result.status).toBe("failed");
    expect(result.error).toContain("belongs to a plant outside your organization");
  });

  it("turns API rejections into failed rows with the code and field issues", async () => {
    api.failNext(
      (r) => r.method === "POST",
      () =>
        apiErrorResponse(400, "VALIDATION_ERROR", "Validation error", {
          issues: [{ path: "name", message: "must not be empty" }],
        }),
    );
    const { runRow } = await setup();
    expect(await runRow(row1())).toEqual({
      row: 1,
      serialNumber: "SN-1",
      status: "failed",
      id: null,
      error: "VALIDATION_ERROR: Validation error (name: must not be empty)",
    });
  });

  it("stops the run on a permission error, which every row would hit", async () => {
    // A viewer's token: the server itself answers 403.
    const { runRow } = await setup(undefined, { token: api.harness.tokens.viewer });
    await expect(runRow(row1())).rejects.toMatchObject({ status: 403 });
    expect(await plantsOnServer()).toEqual([]);
  });

  it("reports an invalid row as failed without any call", async () => {
    const { runRow } = await setup();
    const [bad] = readPlantRows("name,serialNumber,type\nX,SN-9,ROBOT\n", "csv", "p.csv");
    expect(await runRow(bad as PlantRow)).toEqual({
      row: 1,
      serialNumber: "SN-9",
      status: "failed",
      id: null,
      error: "type: must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER",
    });
    expect(sent()).toEqual([]);
  });

  it("creates again under a new key when an earlier run's replayed answer names a deleted plant", async () => {
    const first = await setup();
    const original = await first.runRow(row1());
    const creates = sentTo("POST", "/api/v1/plants");
    // Deleted between the runs; the server still replays the first answer for the first key.
    const deleted = await api.harness.request("DELETE", `/api/v1/plants/${original.id}`);
    expect(deleted.status).toBeLessThan(300);
    const second = await setup(undefined, { scanStartedAt: Date.now() + 60 * 60_000 });
    const result = await second.runRow(row1());
    expect(result.status).toBe("created");
    expect(result.id).not.toBe(original.id);
    expect((await plantsOnServer()).map((p: { id: string }) => p.id)).toEqual([result.id]);
    expect(
      [...creates, ...sentTo("POST", "/api/v1/plants")].map((r) => r.headers.get("idempotency-key")),
    ).toEqual([createKey(row1(), 0), createKey(row1(), 0), createKey(row1(), 1)]);
  });
});

describe("bulk row runner with --provision", () => {
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
  /** A PASSWORD plant that already has credentials. */
  async function provisionedPlant() {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "PASSWORD" });
    expect((await api.harness.request("POST", `/api/v1/plants/${plant.id}/provision`)).status).toBe(200);
    return plant;
  }
  /** The package the server holds for the plant now. */
  const currentPackage = async (id: string) =>
    JSON.parse((await api.harness.request("GET", `/api/v1/plants/${id}/provision/download`)).text);

  it("provisions a new plant with the derived key and writes DIR/voke-<serial>.json with mode 0600", async () => {
    const dir = outDir();
    const { runRow } = await setup(dir);
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
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(await currentPackage(result.id as string));
    expect(sentTo("POST", "/provision").map((r) => [r.path, r.headers.get("idempotency-key")])).toEqual([
      [`/api/v1/plants/${result.id}/provision`, provisionKey(passwordRow(), result.id as string)],
    ]);
  });

  it("never re-issues a plant that already has credentials: it writes the current package (downloaded)", async () => {
    const dir = outDir();
    const plant = await provisionedPlant();
    const before = await currentPackage(plant.id);
    const { runRow } = await setup(dir);
    expect(await runRow(passwordRow())).toMatchObject({ status: "downloaded", id: plant.id, created: false });
    expect(sentTo("POST", "/provision")).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, "voke-SN-1.json"), "utf8"))).toEqual(before);
  });

  it("issues new credentials to such a plant only with --reissue (reissued)", async () => {
    const plant = await provisionedPlant();
    const before = await currentPackage(plant.id);
    const { runRow } = await setup(outDir(), { reissue: true });
    expect(await runRow(passwordRow())).toMatchObject({ status: "reissued", id: plant.id });
    expect(sentTo("POST", "/provision").map((r) => r.headers.get("idempotency-key"))).toEqual([
      reissueKey(passwordRow(), plant.id),
    ]);
    expect(await currentPackage(plant.id)).not.toEqual(before);
  });

  it("writes the current package when the key's first answer holds superseded credentials", async () => {
    api.failNext(
      (r) => r.method === "POST" && r.path.endsWith("/provision"),
      () => apiErrorResponse(409, "CREDENTIALS_SUPERSEDED", "superseded"),
    );
    const dir = outDir();
    const { runRow } = await setup(dir);
    const result = await runRow(passwordRow());
    expect(result).toMatchObject({ status: "downloaded", error: null });
    expect(sentTo("GET", "/provision/download")).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, "voke-SN-1.json"), "utf8"))).toEqual(
      await currentPackage(result.id as string),
    );
  });

  it("replaces a stale package file of the same plant, and leaves another plant's file alone", async () => {
    const dir = outDir();
    const plant = await provisionedPlant();
    const file = join(dir, "voke-SN-1.json");
    writeFileSync(file, JSON.stringify({ plantId: plant.id, security: { hmacSecret: "rotated-away" } }));
    const { runRow } = await setup(dir);
    expect(await runRow(passwordRow())).toMatchObject({ status: "downloaded" });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(await currentPackage(plant.id));

    writeFileSync(file, JSON.stringify({ plantId: "someone-else", security: {} }));
    const result = await runRow(passwordRow());
    expect(result.status).toBe("failed");
    expect(result.error).toContain("already holds another plant's package");
    expect(JSON.parse(readFileSync(file, "utf8")).plantId).toBe("someone-else");
  });

  it("fails the row, keeping the plant id, when provisioning is refused", async () => {
    // A revoked plant: the server refuses to provision it.
    const plant = await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "PASSWORD" });
    expect((await api.harness.request("POST", `/api/v1/plants/${plant.id}/revoke`)).status).toBe(200);
    const { runRow } = await setup(outDir(), { reissue: true });
    const result = await runRow(passwordRow());
    expect(result).toMatchObject({
      row: 1,
      serialNumber: "SN-1",
      status: "failed",
      id: plant.id,
      created: false,
    });
    expect(result.error).toMatch(/^getting the package failed: BAD_REQUEST: /);
  });
});
