import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run } from "./update.ts";

let api: RealApi;
let plantId: string;
beforeEach(async () => {
  api = await startRealApi();
  plantId = (await api.harness.createPlant({ serialNumber: "SN-1" })).id;
});
afterEach(() => api.close());

const updates = () => api.sent.filter((r) => r.method === "PATCH").map((r) => [r.path, r.body]);
const stored = async () => (await api.harness.request("GET", `/api/v1/plants/${plantId}`)).body;

/** A system template of level PLANT (the only kind a plant may name). */
async function plantTemplate(): Promise<string> {
  const list = await api.harness.request("GET", "/api/v1/templates?level=PLANT");
  return list.body.data[0].id;
}

describe("plants update", () => {
  it("sends only the fields given, in the API's names", async () => {
    const template = await plantTemplate();
    const result = await runVoke(
      [
        "plants",
        "update",
        plantId,
        "--name",
        "Renamed",
        "--external-plant-id",
        "VELVARY-MAIN",
        "--template-id",
        template,
        "--auth-method",
        "PASSWORD",
        "-o",
        "json",
      ],
      { env: api.env, createClient: api.createClient },
    );
    expect(result.code).toBe(0);
    expect(updates()).toEqual([
      [
        `/api/v1/plants/${plantId}`,
        { name: "Renamed", authMethod: "PASSWORD", externalPlantId: "VELVARY-MAIN", templateId: template },
      ],
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: "Renamed", templateId: template });
    expect(await stored()).toMatchObject({
      name: "Renamed",
      authMethod: "PASSWORD",
      externalPlantId: "VELVARY-MAIN",
      templateId: template,
    });
  });

  it("turns the literal null into null for nullable fields", async () => {
    const template = await plantTemplate();
    await api.harness.request("PATCH", `/api/v1/plants/${plantId}`, {
      json: { templateId: template, externalPlantId: "X-1", metadata: { site: "north" } },
    });
    const { deps } = await createTestDeps({ env: api.env, client: api.client });
    await run({ plantId, templateId: null, externalPlantId: null, metadata: null }, deps);
    expect(updates()).toEqual([
      [`/api/v1/plants/${plantId}`, { metadata: null, externalPlantId: null, templateId: null }],
    ]);
    expect(await stored()).toMatchObject({ templateId: null, externalPlantId: null });
    const parsed = await runVoke(
      ["plants", "update", plantId, "--template-id", "null", "--metadata", "null"],
      {
        env: api.env,
        createClient: api.createClient,
      },
    );
    expect(parsed.code).toBe(0);
    expect(updates()[1]).toEqual([`/api/v1/plants/${plantId}`, { metadata: null, templateId: null }]);
  });

  it("refuses an empty update and bad values before any request (exit 2)", async () => {
    const options = { env: api.env, createClient: api.createClient };
    const empty = await runVoke(["plants", "update", plantId], options);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("nothing to update");
    const template = await runVoke(["plants", "update", plantId, "--template-id", "abc"], options);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain("invalid value for --template-id: must be a UUID");
    const org = await runVoke(["plants", "update", plantId, "--organization-id", "x"], options);
    expect(org.stderr).toContain("invalid value for --organization-id: must be a UUID");
    expect(api.sent).toEqual([]);
  });
});
