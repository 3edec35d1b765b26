import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { fakePlants } from "./fake-plants-client.ts";
import { run } from "./update.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};
const TEMPLATE = "7a7a7a7a-7a7a-4a7a-8a7a-7a7a7a7a7a7a";

describe("plants update", () => {
  it("sends only the fields given, in the API's names", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const result = await runVoke(
      [
        "plants",
        "update",
        plant.id,
        "--name",
        "Renamed",
        "--external-plant-id",
        "VELVARY-MAIN",
        "--template-id",
        TEMPLATE,
        "--auth-method",
        "PASSWORD",
        "-o",
        "json",
      ],
      { env, createClient: () => fake.client as never },
    );
    expect(result.code).toBe(0);
    expect(fake.callsOf("update")).toEqual([
      [
        plant.id,
        { name: "Renamed", authMethod: "PASSWORD", externalPlantId: "VELVARY-MAIN", templateId: TEMPLATE },
      ],
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: "Renamed", templateId: TEMPLATE });
  });

  it("turns the literal null into null for nullable fields", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const { deps } = await createTestDeps({ env, client: fake.client });
    await run({ plantId: plant.id, templateId: null, externalPlantId: null, metadata: null }, deps);
    expect(fake.callsOf("update")).toEqual([
      [plant.id, { metadata: null, externalPlantId: null, templateId: null }],
    ]);
    const parsed = await runVoke(
      ["plants", "update", plant.id, "--template-id", "null", "--metadata", "null"],
      {
        env,
        createClient: () => fake.client as never,
      },
    );
    expect(parsed.code).toBe(0);
    expect(fake.callsOf("update")[1]).toEqual([plant.id, { metadata: null, templateId: null }]);
  });

  it("refuses an empty update and bad values before any request (exit 2)", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const createClient = () => fake.client as never;
    const empty = await runVoke(["plants", "update", plant.id], { env, createClient });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("nothing to update");
    const template = await runVoke(["plants", "update", plant.id, "--template-id", "abc"], {
      env,
      createClient,
    });
    expect(template.code).toBe(2);
    expect(template.stderr).toContain("invalid value for --template-id: must be a UUID");
    const org = await runVoke(["plants", "update", plant.id, "--organization-id", "x"], {
      env,
      createClient,
    });
    expect(org.stderr).toContain("invalid value for --organization-id: must be a UUID");
    expect(fake.calls).toEqual([]);
  });
});
