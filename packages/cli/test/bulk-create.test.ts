/**
 * `voke plants create --from-file` end to end: the built bundle against the real server, including
 * a run killed mid-way (SIGKILL) and re-run, which must finish every row exactly once.
 */

import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey, provisionKey } from "../src/commands/plants/bulk/keys.ts";
import { readPlantRows } from "../src/commands/plants/bulk/rows.ts";
import { type PlantsWorld, startPlantsWorld, TOKEN } from "./plants-e2e-support.ts";

interface Result {
  row: number;
  serialNumber: string | null;
  status: string;
  id: string | null;
  error: string | null;
  file?: string;
  created?: boolean;
}

let world: PlantsWorld;

beforeAll(async () => {
  world = await startPlantsWorld();
});

afterAll(async () => {
  await world?.close();
});

const parse = (stdout: string): Result[] =>
  stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Result);

async function serverPlants(): Promise<
  { id: string; serialNumber: string; certificateSerialNumber: string | null }[]
> {
  const listed = await world.voke(["plants", "list", "--all", "-o", "json"]);
  expect(listed.code).toBe(0);
  return JSON.parse(listed.stdout);
}

describe("voke plants create --from-file against the real server", () => {
  it("reports every row once, failing only the bad ones, and exits 8", async () => {
    // A plant that cannot be provisioned any more: revoked (DECOMMISSIONED).
    const revoked = await world.voke([
      "plants",
      "create",
      "--name",
      "Old",
      "--serial-number",
      "BULK-OLD",
      "--type",
      "SENSOR",
      "-o",
      "json",
    ]);
    const revokedId = JSON.parse(revoked.stdout).id;
    expect((await world.voke(["plants", "revoke", revokedId, "--yes"])).code).toBe(0);

    const file = join(world.dir, "mixed.csv");
    writeFileSync(
      file,
      [
        "name,serialNumber,type,authMethod,metadata",
        "Roof,BULK-1,GATEWAY,,",
        'Meter,BULK-2,SENSOR,TOKEN,"{""site"":""north""}"',
        "Robot,BULK-3,ROBOT,,",
        "Again,BULK-1,SENSOR,,",
        "Old,BULK-OLD,SENSOR,,",
        "Pass,BULK-6,ACTUATOR,PASSWORD,",
        "",
      ].join("\n"),
    );
    const outDir = join(world.dir, "mixed-packages");
    const result = await world.voke([
      "plants",
      "create",
      "--from-file",
      file,
      "--provision",
      "--out-dir",
      outDir,
    ]);
    expect(result.code).toBe(8);
    const rows = parse(result.stdout).sort((a, b) => a.row - b.row);
    expect(rows.map((row) => [row.row, row.serialNumber, row.status])).toEqual([
      [1, "BULK-1", "provisioned"],
      [2, "BULK-2", "provisioned"],
      [3, "BULK-3", "failed"],
      [4, "BULK-1", "failed"],
      [5, "BULK-OLD", "failed"],
      [6, "BULK-6", "provisioned"],
    ]);
    expect(rows[2]?.error).toBe("type: must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER");
    expect(rows[3]?.error).toBe('serialNumber "BULK-1" repeats row 1');
    expect(rows[4]).toMatchObject({ id: revokedId, created: false });
    expect(rows[4]?.error).toMatch(/^getting the package failed: BAD_REQUEST: /);
    expect(result.stderr).toContain(
      "6 rows: 3 created, 0 already existed; packages: 3 provisioned, 0 downloaded (current), 0 reissued, 3 failed",
    );

    const token = JSON.parse(readFileSync(join(outDir, "voke-BULK-2.json"), "utf8"));
    expect(token).toMatchObject({ plantId: rows[1]?.id, authMethod: "TOKEN" });
    const plant = JSON.parse(
      (await world.voke(["plants", "get", rows[1]?.id as string, "-o", "json"])).stdout,
    );
    expect(plant).toMatchObject({
      serialNumber: "BULK-2",
      metadata: { site: "north" },
      lifecycleStatus: "PROVISIONED",
    });
    expect(readdirSync(outDir).sort()).toEqual(["voke-BULK-1.json", "voke-BULK-2.json", "voke-BULK-6.json"]);
  });

  it("finishes a run killed mid-way when re-run: one plant per serial, every package valid, nothing created twice", async () => {
    const total = 150;
    const file = join(world.dir, "fleet.csv");
    const lines = ["name,serialNumber,type"];
    for (let i = 1; i <= total; i++) lines.push(`Fleet ${i},FLEET-${String(i).padStart(4, "0")},SENSOR`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    const outDir = join(world.dir, "fleet-packages");
    const args = ["plants", "create", "--from-file", file, "--provision", "--out-dir", outDir];

    // First run: killed without warning once some rows are reported.
    const child = world.spawnVoke(args);
    let firstOutput = "";
    const killedAfter = 30;
    await new Promise<void>((resolve) => {
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        firstOutput += chunk;
        if (firstOutput.split("\n").length > killedAfter && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    const first = parse(firstOutput.slice(0, firstOutput.lastIndexOf("\n") + 1));
    expect(first.length).toBeGreaterThanOrEqual(killedAfter);
    expect(first.length).toBeLessThan(total);
    expect(first.every((row) => row.status === "provisioned")).toBe(true);

    const second = await world.voke(args);
    expect(second.code).toBe(0);
    const rerun = parse(second.stdout);
    expect(rerun.map((row) => row.row).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    // Rows the killed run reported get their current package; rows it never reached get their first
    // credentials (a row in flight at the kill may have been provisioned already: downloaded too).
    for (const row of rerun) {
      const reported = first.some((done) => done.row === row.row);
      if (reported) expect([row.row, row.status]).toEqual([row.row, "downloaded"]);
      else expect(["provisioned", "downloaded"]).toContain(row.status);
    }

    // No row was reported as created by both runs.
    const createdRows = [...first, ...rerun].filter((row) => row.created).map((row) => row.row);
    expect(new Set(createdRows).size).toBe(createdRows.length);
    for (const row of first) expect(rerun.find((again) => again.row === row.row)?.created).toBe(false);

    // The server has exactly one plant per serial number, and each package file holds its current certificate.
    const fleet = (await serverPlants()).filter((plant) => plant.serialNumber.startsWith("FLEET-"));
    expect(fleet).toHaveLength(total);
    expect(new Set(fleet.map((plant) => plant.serialNumber)).size).toBe(total);
    // Every package in place, and nothing half-written (with a private key) left behind by the kill.
    expect(readdirSync(outDir).filter((name) => !/^voke-FLEET-\d{4}\.json$/.test(name))).toEqual([]);
    expect(readdirSync(outDir)).toHaveLength(total);
    for (const plant of fleet) {
      const path = join(outDir, `voke-${plant.serialNumber}.json`);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const pkg = JSON.parse(readFileSync(path, "utf8"));
      expect(pkg.plantId).toBe(plant.id);
      const certificate = new X509Certificate(pkg.security.clientCert);
      expect(certificate.subject).toContain(`CN=${plant.id}`);
      expect(certificate.serialNumber.toLowerCase().replace(/^0+/, "")).toBe(
        plant.certificateSerialNumber?.replace(/^0+/, ""),
      );
      expect(pkg.security.clientKey).toContain("PRIVATE KEY");
    }

    // A third run has nothing left to do.
    const third = await world.voke(args);
    expect(third.code).toBe(0);
    expect(parse(third.stdout).some((row) => row.created)).toBe(false);
    expect(third.stderr).toContain(
      `${total} rows: 0 created, ${total} already existed; packages: 0 provisioned, ${total} downloaded (current), 0 reissued, 0 failed`,
    );
  });

  it("writes the current package when an earlier run died between provisioning and writing the file", async () => {
    const text = "name,serialNumber,type\nReplay,REPLAY-1,SENSOR\n";
    const file = join(world.dir, "replay.csv");
    writeFileSync(file, text);
    const [row] = readPlantRows(text, "csv", file);
    // What the dead run got done: the plant created and provisioned with the row's keys, no file written.
    const api = (path: string, key: string, body?: unknown) =>
      fetch(`${world.server.httpUrl}/api/v1${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((response) => response.json());
    if (!row) throw new Error("no row");
    const plant = await api("/plants", createKey(row), row.body);
    const lost = await api(`/plants/${plant.id}/provision`, provisionKey(row, plant.id));

    const outDir = join(world.dir, "replay-packages");
    const result = await world.voke([
      "plants",
      "create",
      "--from-file",
      file,
      "--provision",
      "--out-dir",
      outDir,
    ]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual([
      {
        row: 1,
        serialNumber: "REPLAY-1",
        status: "downloaded",
        id: plant.id,
        error: null,
        file: join(outDir, "voke-REPLAY-1.json"),
        created: false,
      },
    ]);
    const written = JSON.parse(readFileSync(join(outDir, "voke-REPLAY-1.json"), "utf8"));
    expect(written.security.clientCert).toBe(lost.security.clientCert);
    const current = JSON.parse((await world.voke(["plants", "get", plant.id, "-o", "json"])).stdout);
    expect(
      new X509Certificate(written.security.clientCert).serialNumber.toLowerCase().replace(/^0+/, ""),
    ).toBe(current.certificateSerialNumber.replace(/^0+/, ""));
  });
});
