/** `voke plants …` and `voke provision …` as users run them: the built bundle against the real server. */

import { X509Certificate } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PlantsWorld, startPlantsWorld } from "./plants-e2e-support.ts";

let world: PlantsWorld;
let roofId = "";

beforeAll(async () => {
  world = await startPlantsWorld();
  const created = await world.voke([
    "plants",
    "create",
    "--name",
    "Roof PV",
    "--serial-number",
    "E2E-001",
    "--type",
    "GATEWAY",
    "--metadata",
    '{"site":"north"}',
    "-o",
    "json",
  ]);
  expect(created.code).toBe(0);
  roofId = JSON.parse(created.stdout).id;
});

afterAll(async () => {
  await world?.close();
});

describe("voke plants against the real server", () => {
  it("creates a plant and gets it back in json, with the API's fields", async () => {
    const got = await world.voke(["plants", "get", roofId, "--json"]);
    expect(got.code).toBe(0);
    const plant = JSON.parse(got.stdout);
    expect(plant).toMatchObject({
      id: roofId,
      name: "Roof PV",
      serialNumber: "E2E-001",
      type: "GATEWAY",
      authMethod: "MTLS",
      lifecycleStatus: "PENDING",
      metadata: { site: "north" },
      alerts: [],
    });
  });

  it("lists plants as a table, csv and ndjson", async () => {
    const second = await world.voke([
      "plants",
      "create",
      "--name",
      "Meter",
      "--serial-number",
      "E2E-002",
      "--type",
      "SENSOR",
      "--auth-method",
      "TOKEN",
    ]);
    expect(second.code).toBe(0);
    const table = await world.voke(["plants", "list", "-o", "table"]);
    expect(table.code).toBe(0);
    const [header, ...lines] = table.stdout.trimEnd().split("\n");
    // Into a pipe, -o table is complete: every column, with human headers, two spaces apart.
    expect(header?.split(/\s{2,}/)).toEqual([
      "ID",
      "NAME",
      "SERIAL",
      "TYPE",
      "AUTH",
      "LIFECYCLE",
      "STATUS",
      "LAST SEEN",
    ]);
    expect(lines.some((line) => line.startsWith(roofId) && line.includes("E2E-001"))).toBe(true);

    const csv = await world.voke(["plants", "list", "-o", "csv", "--auth-method", "TOKEN"]);
    const csvLines = csv.stdout.split("\r\n").filter(Boolean);
    expect(csvLines[0]).toBe("id,name,serialNumber,type,authMethod,lifecycleStatus,status,lastSeenAt");
    expect(csvLines.slice(1).map((line) => line.split(",")[2])).toEqual(["E2E-002"]);

    const ndjson = await world.voke(["plants", "list", "--all", "--limit", "1", "-o", "ndjson"]);
    const serials = ndjson.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).serialNumber);
    expect(serials).toEqual(expect.arrayContaining(["E2E-001", "E2E-002"]));
  });

  it("exits 6 for a duplicate serial number, 5 for a missing plant, 3 for a request the server rejects", async () => {
    const duplicate = await world.voke([
      "plants",
      "create",
      "--name",
      "x",
      "--serial-number",
      "E2E-001",
      "--type",
      "SENSOR",
    ]);
    expect(duplicate.code).toBe(6);
    expect(duplicate.stderr).toMatch(/^error: PLANT_ALREADY_EXISTS: .* \(request id [0-9a-f-]+\)\n$/);
    const missing = await world.voke(["plants", "get", "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b"]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain("PLANT_NOT_FOUND");
    // A PENDING plant cannot be suspended: the server answers 400.
    const rejected = await world.voke(["plants", "suspend", roofId, "-o", "json"]);
    expect(rejected.code).toBe(3);
    expect(JSON.parse(rejected.stderr).error).toMatchObject({ status: 400 });
  });

  it("exits 2 naming the flag for a bad value, before any request", async () => {
    const result = await world.voke(["plants", "list", "--limit", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("invalid value for --limit");
    const type = await world.voke([
      "plants",
      "create",
      "--name",
      "x",
      "--serial-number",
      "y",
      "--type",
      "ROBOT",
    ]);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain("--type");
  });

  it("downloads the package 0600 to ./voke-<serial>.json, refuses to overwrite (exit 2), replaces with --force", async () => {
    const first = await world.voke(["provision", "download", roofId, "-o", "json"]);
    expect(first.code).toBe(0);
    const file = join(world.dir, "voke-E2E-001.json");
    expect(JSON.parse(first.stdout)).toEqual({ plantId: roofId, file, authMethod: "MTLS" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    expect(pkg.plantId).toBe(roofId);
    expect(new X509Certificate(pkg.security.clientCert).subject).toContain(`CN=${roofId}`);
    expect(first.stdout).not.toContain("PRIVATE KEY");

    const again = await world.voke(["provision", "download", roofId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("refusing to overwrite");
    const forced = await world.voke(["provision", "download", roofId, "--force"]);
    expect(forced.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("provision create issues a new certificate and writes it; --stdout prints the package", async () => {
    const target = join(world.dir, "fresh.json");
    writeFileSync(target, "old");
    const refused = await world.voke(["provision", "create", roofId, "--file", target]);
    expect(refused.code).toBe(2);
    expect(readFileSync(target, "utf8")).toBe("old");
    const made = await world.voke(["provision", "create", roofId, "--file", target, "--force"]);
    expect(made.code).toBe(0);
    const pkg = JSON.parse(readFileSync(target, "utf8"));
    const plant = JSON.parse((await world.voke(["plants", "get", roofId, "-o", "json"])).stdout);
    const serial = new X509Certificate(pkg.security.clientCert).serialNumber.toLowerCase();
    expect(serial.replace(/^0+/, "")).toBe(plant.certificateSerialNumber.replace(/^0+/, ""));
    const printed = await world.voke(["provision", "download", roofId, "--stdout"]);
    expect(JSON.parse(printed.stdout).security.clientCert).toBe(pkg.security.clientCert);
  });

  it("rotates the secret into a 0600 file and reports the grace period", async () => {
    const file = join(world.dir, "roof.secret");
    const result = await world.voke(["plants", "rotate-secret", roofId, "--secret-file", file, "-o", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ plantId: roofId, file, gracePeriodMinutes: 60 });
    expect(readFileSync(file, "utf8")).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses to delete without --yes and without a terminal (exit 2), deletes with --yes", async () => {
    const made = await world.voke([
      "plants",
      "create",
      "--name",
      "Gone",
      "--serial-number",
      "E2E-DEL",
      "--type",
      "SENSOR",
      "-o",
      "json",
    ]);
    const id = JSON.parse(made.stdout).id;
    const refused = await world.voke(["plants", "delete", id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --yes");
    expect((await world.voke(["plants", "get", id])).code).toBe(0);
    const deleted = await world.voke(["plants", "delete", id, "--yes"]);
    expect(deleted.code).toBe(0);
    expect((await world.voke(["plants", "get", id])).code).toBe(5);
  });
});
