import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiErrorFor } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../errors.ts";
import { createFactory } from "../../../factory.ts";
import { version } from "../../../main.ts";
import { createTestDeps, memoryTerminal, runVoke } from "../../../test-support/harness.ts";
import { fakePlants } from "../fake-plants-client.ts";
import { runBulkCreate } from "./bulk-create.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

function csvFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "voke-bulk-")), "plants.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const results = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map(
      (line) => JSON.parse(line) as { row: number; status: string; id: string | null; error: string | null },
    )
    .sort((a, b) => a.row - b.row);

describe("plants create --from-file", () => {
  it("prints one NDJSON result per row and exits 8 after all rows when some failed", async () => {
    const fake = fakePlants();
    const taken = fake.seed({ serialNumber: "SN-3" });
    const file = csvFile([
      "name,serialNumber,type",
      "A,SN-1,SENSOR",
      "B,SN-2,ROBOT",
      "C,SN-3,SENSOR",
      "D,SN-4,GATEWAY",
    ]);
    const result = await runVoke(["plants", "create", "--from-file", file, "--concurrency", "2"], {
      env,
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(8);
    const rows = results(result.stdout);
    expect(rows.map((row) => [row.row, row.status])).toEqual([
      [1, "created"],
      [2, "failed"],
      [3, "exists"],
      [4, "created"],
    ]);
    expect(rows[1]).toEqual({
      row: 2,
      serialNumber: "SN-2",
      status: "failed",
      id: null,
      error: "type: must be one of SENSOR, ACTUATOR, GATEWAY, CONTROLLER",
    });
    expect(rows[2]?.id).toBe(taken.id);
    expect(result.stderr).toContain("4 rows: 2 created, 1 already existed, 1 failed");
    expect(result.stderr).not.toContain("error:");
  });

  it("prints NDJSON whatever -o says, and exits 0 when every row succeeded", async () => {
    const fake = fakePlants();
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR"]);
    const result = await runVoke(["plants", "create", "--from-file", file, "-o", "table"], {
      env,
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(0);
    expect(results(result.stdout)).toMatchObject([{ row: 1, status: "created" }]);
  });

  it("--jq filters each row's result, in row order", async () => {
    const fake = fakePlants();
    fake.seed({ serialNumber: "SN-3" });
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR", "B,SN-2,ROBOT", "C,SN-3,SENSOR"]);
    const result = await runVoke(
      ["plants", "create", "--from-file", file, "--concurrency", "1", "--jq", '"\\(.row) \\(.status)"'],
      { env, createClient: () => fake.client as never },
    );
    expect(result.code).toBe(8);
    expect(result.stdout).toBe("1 created\n2 failed\n3 exists\n");
  });

  it("re-running the same file creates nothing twice and provisions nothing twice", async () => {
    const fake = fakePlants();
    // PASSWORD plants: the fake's packages carry no real certificate (the e2e tests cover MTLS).
    const file = csvFile([
      "name,serialNumber,type,authMethod",
      "A,SN-1,SENSOR,PASSWORD",
      "B,SN-2,SENSOR,PASSWORD",
      "C,SN-3,SENSOR,PASSWORD",
    ]);
    const outDir = join(mkdtempSync(join(tmpdir(), "voke-bulk-out-")), "packages");
    const run = () =>
      runVoke(["plants", "create", "--from-file", file, "--provision", "--out-dir", outDir], {
        env,
        createClient: () => fake.client as never,
      });
    const first = await run();
    expect(first.code).toBe(0);
    expect(results(first.stdout).map((row) => [row.status, (row as { created?: boolean }).created])).toEqual([
      ["provisioned", true],
      ["provisioned", true],
      ["provisioned", true],
    ]);
    const second = await run();
    expect(second.code).toBe(0);
    expect(results(second.stdout).every((row) => row.status === "downloaded")).toBe(true);
    expect(results(second.stdout).some((row) => (row as { created?: boolean }).created)).toBe(false);
    expect(fake.store.size).toBe(3);
    expect(fake.callsOf("create")).toHaveLength(3);
    expect(fake.callsOf("provision")).toHaveLength(3);
    expect(readdirSync(outDir).sort()).toEqual(["voke-SN-1.json", "voke-SN-2.json", "voke-SN-3.json"]);
    expect(second.stderr).toContain(
      "3 rows: 0 created, 3 already existed; packages: 0 provisioned, 3 downloaded (current), 0 reissued, 0 failed",
    );
  });

  it("reads JSONL from stdin with --from-file -", async () => {
    const fake = fakePlants();
    const { deps, stdout } = await createTestDeps({
      env,
      client: fake.client,
      stdin: '{"name":"A","serialNumber":"SN-1","type":"SENSOR","authMethod":"TOKEN"}\n',
    });
    await runBulkCreate({ file: "-", outDir: undefined, concurrency: 4 }, deps);
    expect(results(stdout())).toMatchObject([{ row: 1, status: "created" }]);
    expect(fake.callsOf("create")[0]?.[0]).toEqual({
      name: "A",
      serialNumber: "SN-1",
      type: "SENSOR",
      authMethod: "TOKEN",
    });
  });

  it("draws a progress bar on stderr when stderr is a terminal and stdout is not", async () => {
    const fake = fakePlants();
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR", "B,SN-2,SENSOR"]);
    const terminal = memoryTerminal();
    // A terminal as ora (the spinner while existing plants are read) expects one.
    Object.assign(terminal.streams.stderr, {
      isTTY: true,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    const deps = await createFactory({
      streams: terminal.streams,
      env,
      globals: {},
      version,
      commandTree: () => ({
        name: "voke",
        aliases: [],
        summary: "",
        flags: [],
        argumentChoices: [],
        subcommands: [],
      }),
      createClient: () => fake.client as never,
    });
    await runBulkCreate({ file, outDir: undefined, concurrency: 1 }, deps);
    expect(terminal.stderr()).toContain("creating [");
    expect(terminal.stderr()).toContain("2/2");
    expect(terminal.stdout()).not.toContain("creating [");
  });

  it("stops with the error when the token may not create plants", async () => {
    const forbidden = apiErrorFor({ status: 403, code: "FORBIDDEN", message: "Forbidden" });
    const fake = fakePlants({ failWith: (method) => (method === "create" ? forbidden : undefined) });
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR"]);
    const result = await runVoke(["plants", "create", "--from-file", file], {
      env,
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("FORBIDDEN");
  });

  it("refuses a missing file or a bad header before any request", async () => {
    const fake = fakePlants();
    const { deps } = await createTestDeps({ env, client: fake.client });
    await expect(
      runBulkCreate({ file: "/nonexistent/p.csv", outDir: undefined, concurrency: 1 }, deps),
    ).rejects.toThrow("cannot read --from-file /nonexistent/p.csv: no such file");
    const file = csvFile(["name,serial,type", "A,SN-1,SENSOR"]);
    await expect(runBulkCreate({ file, outDir: undefined, concurrency: 1 }, deps)).rejects.toBeInstanceOf(
      UsageError,
    );
    expect(fake.calls).toEqual([]);
  });
});
