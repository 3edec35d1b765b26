import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./create.ts";

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

const creates = () =>
  api.sent.filter((r) => r.method === "POST" && r.path === "/api/v1/plants").map((r) => r.body);

describe("plants create", () => {
  it("turns the flags into the create body and prints the plant", async () => {
    const result = await runVoke(
      [
        "plants",
        "create",
        "--name",
        "Roof PV",
        "--serial-number",
        "SN-001",
        "--type",
        "GATEWAY",
        "--auth-method",
        "TOKEN",
        "--metadata",
        '{"site":"north"}',
        "-o",
        "json",
      ],
      { env: api.env, createClient: api.createClient },
    );
    expect(result.code).toBe(0);
    expect(creates()).toEqual([
      {
        name: "Roof PV",
        serialNumber: "SN-001",
        type: "GATEWAY",
        authMethod: "TOKEN",
        metadata: { site: "north" },
      },
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ serialNumber: "SN-001", metadata: { site: "north" } });
  });

  it("leaves out optional fields that were not given, and shows the key columns in a table", async () => {
    const { deps, stdout } = await createTestDeps({ env: api.env, client: api.client });
    await run(
      {
        name: "Meter",
        serialNumber: "SN-2",
        type: "SENSOR",
        provision: false,
        reissue: false,
        concurrency: 8,
      },
      deps,
    );
    expect(creates()).toEqual([{ name: "Meter", serialNumber: "SN-2", type: "SENSOR" }]);
    const stored = await api.harness.request("GET", "/api/v1/plants");
    expect(stored.body.data.map((p: { serialNumber: string }) => p.serialNumber)).toEqual(["SN-2"]);
    expect(stdout()).toMatch(/^id\t[0-9a-f-]{36}\nname\tMeter\nserialNumber\tSN-2\ntype\tSENSOR\n/);
  });

  it("exits 6 for a serial number that exists", async () => {
    await api.harness.createPlant({ serialNumber: "SN-1" });
    const result = await runVoke(
      ["plants", "create", "--name", "x", "--serial-number", "SN-1", "--type", "SENSOR"],
      { env: api.env, createClient: api.createClient },
    );
    expect(result.code).toBe(6);
    expect(result.stderr).toContain("PLANT_ALREADY_EXISTS");
  });

  it.each([
    [["--name", "x", "--serial-number", "y", "--type", "FOO"], "--type"],
    [
      ["--name", "x", "--serial-number", "y", "--type", "SENSOR", "--metadata", "[1]"],
      "--metadata: must be a JSON object",
    ],
    [["--name", "", "--serial-number", "y", "--type", "SENSOR"], "--name: must not be empty"],
    [
      ["--name", "x", "--serial-number", "s".repeat(51), "--type", "SENSOR"],
      "--serial-number: must be at most 50",
    ],
    [["--name", "x", "--type", "SENSOR"], "missing --serial-number (required unless --from-file is given)"],
    [["--from-file", "p.csv", "--name", "x"], "--name cannot be combined with --from-file"],
    [["--from-file", "p.csv", "--provision"], "--provision needs --out-dir DIR"],
    [["--from-file", "p.csv", "--out-dir", "d"], "--out-dir is only used with --provision"],
    [["--name", "x", "--serial-number", "y", "--type", "SENSOR", "--provision"], "work with --from-file"],
    [["--from-file", "p.csv", "--concurrency", "0"], "--concurrency: must be a whole number from 1 to 64"],
  ])("refuses %j before any request (exit 2, naming %s)", async (args, message) => {
    const result = await runVoke(["plants", "create", ...args], {
      env: api.env,
      createClient: api.createClient,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.sent).toEqual([]);
  });
});
