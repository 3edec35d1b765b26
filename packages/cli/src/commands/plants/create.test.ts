import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { run } from "./create.ts";
import { fakePlants } from "./fake-plants-client.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

describe("plants create", () => {
  it("turns the flags into the create body and prints the plant", async () => {
    const fake = fakePlants();
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
      { env, createClient: () => fake.client as never },
    );
    expect(result.code).toBe(0);
    expect(fake.callsOf("create")).toEqual([
      [
        {
          name: "Roof PV",
          serialNumber: "SN-001",
          type: "GATEWAY",
          authMethod: "TOKEN",
          metadata: { site: "north" },
        },
      ],
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ serialNumber: "SN-001", metadata: { site: "north" } });
  });

  it("leaves out optional fields that were not given, and shows the key columns in a table", async () => {
    const fake = fakePlants();
    const { deps, stdout } = await createTestDeps({ env, client: fake.client });
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
    expect(fake.callsOf("create")).toEqual([[{ name: "Meter", serialNumber: "SN-2", type: "SENSOR" }]]);
    expect(stdout()).toMatch(/^id\t[0-9a-f-]{36}\nname\tMeter\nserialNumber\tSN-2\ntype\tSENSOR\n/);
  });

  it("exits 6 for a serial number that exists", async () => {
    const fake = fakePlants();
    fake.seed({ serialNumber: "SN-1" });
    const result = await runVoke(
      ["plants", "create", "--name", "x", "--serial-number", "SN-1", "--type", "SENSOR"],
      {
        env,
        createClient: () => fake.client as never,
      },
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
    const fake = fakePlants();
    const result = await runVoke(["plants", "create", ...args], {
      env,
      createClient: () => fake.client as never,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(fake.calls).toEqual([]);
  });
});
