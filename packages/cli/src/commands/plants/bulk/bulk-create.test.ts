import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../../errors.ts";
import { createFactory } from "../../../factory.ts";
import { version } from "../../../main.ts";
import { createTestDeps, memoryTerminal, runVoke } from "../../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../../test-support/real-api.ts";
import { runBulkCreate } from "./bulk-create.ts";

// Input files and package directories; removed after the file.
const root = mkdtempSync(join(tmpdir(), "voke-bulk-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let api: RealApi;
let env: Record<string, string>;
beforeEach(async () => {
  api = await startRealApi();
  env = api.env;
});
afterEach(() => api.close());

const sentTo = (method: string, suffix: string) =>
  api.sent.filter((r) => r.method === method && r.path.split("?")[0]?.endsWith(suffix));
const storedCount = async () => (await api.harness.request("GET", "/api/v1/plants")).body.meta.total;

function csvFile(lines: string[]): string {
  const file = join(mkdtempSync(join(root, "in-")), "plants.csv");
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
    const taken = await api.harness.createPlant({ serialNumber: "SN-3" });
    const file = csvFile([
      "name,serialNumber,type",
      "A,SN-1,SENSOR",
      "B,SN-2,ROBOT",
      "C,SN-3,SENSOR",
      "D,SN-4,GATEWAY",
    ]);
    const result = await runVoke(["plants", "create", "--from-file", file, "--concurrency", "2"], {
      env,
      createClient: api.createClient,
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
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR"]);
    const result = await runVoke(["plants", "create", "--from-file", file, "-o", "table"], {
      env,
      createClient: api.createClient,
    });
    expect(result.code).toBe(0);
    expect(results(result.stdout)).toMatchObject([{ row: 1, status: "created" }]);
  });

  it("--jq filters each row's result, in row order", async () => {
    await api.harness.createPlant({ serialNumber: "SN-3" });
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR", "B,SN-2,ROBOT", "C,SN-3,SENSOR"]);
    const result = await runVoke(
      ["plants", "create", "--from-file", file, "--concurrency", "1", "--jq", '"\\(.row) \\(.status)"'],
      { env, createClient: api.createClient },
    );
    expect(result.code).toBe(8);
    expect(result.stdout).toBe("1 created\n2 failed\n3 exists\n");
  });

  it("re-running the same file creates nothing twice and provisions nothing twice", async () => {
    const file = csvFile([
      "name,serialNumber,type,authMethod",
      "A,SN-1,SENSOR,PASSWORD",
      "B,SN-2,SENSOR,PASSWORD",
      "C,SN-3,SENSOR,PASSWORD",
    ]);
    const outDir = join(mkdtempSync(join(root, "out-")), "packages");
    const run = () =>
      runVoke(["plants", "create", "--from-file", file, "--provision", "--out-dir", outDir], {
        env,
        createClient: api.createClient,
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
    expect(await storedCount()).toBe(3);
    expect(sentTo("POST", "/api/v1/plants")).toHaveLength(3);
    expect(sentTo("POST", "/provision")).toHaveLength(3);
    expect(readdirSync(outDir).sort()).toEqual(["voke-SN-1.json", "voke-SN-2.json", "voke-SN-3.json"]);
    expect(second.stderr).toContain(
      "3 rows: 0 created, 3 already existed; packages: 0 provisioned, 3 downloaded (current), 0 reissued, 0 failed",
    );
  });

  it("reads JSONL from stdin with --from-file -", async () => {
    const { deps, stdout } = await createTestDeps({
      env,
      client: api.client,
      stdin: '{"name":"A","serialNumber":"SN-1","type":"SENSOR","authMethod":"TOKEN"}\n',
    });
    await runBulkCreate({ file: "-", outDir: undefined, concurrency: 4 }, deps);
    expect(results(stdout())).toMatchObject([{ row: 1, status: "created" }]);
    expect(sentTo("POST", "/api/v1/plants")[0]?.body).toEqual({
      name: "A",
      serialNumber: "SN-1",
      type: "SENSOR",
      authMethod: "TOKEN",
    });
  });

  it("draws a progress bar on stderr when stderr is a terminal and stdout is not", async () => {
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
      createClient: api.createClient,
    });
    await runBulkCreate({ file, outDir: undefined, concurrency: 1 }, deps);
    expect(terminal.stderr()).toContain("creating [");
    expect(terminal.stderr()).toContain("2/2");
    expect(terminal.stdout()).not.toContain("creating [");
  });

  it("stops with the error when the token may not create plants", async () => {
    const file = csvFile(["name,serialNumber,type", "A,SN-1,SENSOR"]);
    // A viewer's token: the server itself answers 403.
    const result = await runVoke(["plants", "create", "--from-file", file], {
      env: { ...env, VOKE_TOKEN: api.harness.tokens.viewer },
      createClient: api.createClient,
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("FORBIDDEN");
    expect(await storedCount()).toBe(0);
  });

  it("refuses a missing file or a bad header before any request", async () => {
    const { deps } = await createTestDeps({ env, client: api.client });
    await expect(
      runBulkCreate({ file: "/nonexistent/p.csv", outDir: undefined, concurrency: 1 }, deps),
    ).rejects.toThrow("cannot read --from-file /nonexistent/p.csv: no such file");
    const file = csvFile(["name,serial,type", "A,SN-1,SENSOR"]);
    await expect(runBulkCreate({ file, outDir: undefined, concurrency: 1 }, deps)).rejects.toBeInstanceOf(
      UsageError,
    );
    expect(api.sent).toEqual([]);
  });
});
