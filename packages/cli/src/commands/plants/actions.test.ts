import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitError } from "../../errors.ts";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run as runDelete } from "./delete.ts";
import { run as runRevoke } from "./revoke.ts";

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

const options = () => ({ env: api.env, createClient: api.createClient });
const plantStatus = async (id: string) => {
  const response = await api.harness.request("GET", `/api/v1/plants/${id}`, { validate: false });
  return response.status === 404 ? "gone" : response.body.lifecycleStatus;
};
const requests = () => api.sent.map((r) => `${r.method} ${r.path}`);

describe("plants delete and revoke", () => {
  it.each(["delete", "revoke"])(
    "%s without a terminal and without --yes exits 2 and sends nothing",
    async (verb) => {
      const plant = await api.harness.createPlant({ serialNumber: "SN-1" });
      const result = await runVoke(["plants", verb, plant.id], options());
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("refusing to prompt without a terminal; pass --yes to confirm");
      expect(api.sent).toEqual([]);
      expect(await plantStatus(plant.id)).toBe("PENDING");
    },
  );

  it("deletes with --yes and reports on stderr in table mode, as an object with -o json", async () => {
    const first = await api.harness.createPlant({ serialNumber: "SN-1" });
    const second = await api.harness.createPlant({ serialNumber: "SN-2" });
    const table = await runVoke(["plants", "delete", first.id, "--yes"], options());
    expect(table).toEqual({ code: 0, stdout: "", stderr: "" });
    const third = await api.harness.createPlant({ serialNumber: "SN-3" });
    expect(await runVoke(["plants", "delete", third.id, "--yes"], { ...options(), tty: true })).toEqual({
      code: 0,
      stdout: "",
      stderr: `✓ Plant deleted (${third.id})\n`,
    });
    const json = await runVoke(["plants", "rm", second.id, "-y", "-o", "json"], options());
    expect(JSON.parse(json.stdout)).toEqual({ plantId: second.id, message: "Plant deleted" });
    const left = await api.harness.request("GET", "/api/v1/plants");
    expect(left.body.data).toEqual([]);
  });

  it("asks on a terminal, naming the plant, and acts on yes", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-7", name: "Roof PV" });
    const { deps, stderr } = await createTestDeps({
      env: api.env,
      client: api.client,
      tty: true,
      stdin: "y\n",
    });
    await runRevoke({ plantId: plant.id, yes: false }, deps);
    expect(stderr()).toContain(`Revoke plant "Roof PV" (SN-7, ${plant.id})?`);
    expect(requests()).toEqual([`GET /api/v1/plants/${plant.id}`, `POST /api/v1/plants/${plant.id}/revoke`]);
    expect(await plantStatus(plant.id)).toBe("DECOMMISSIONED");
  });

  it("stops on no, without deleting", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-7" });
    const { deps } = await createTestDeps({ env: api.env, client: api.client, tty: true, stdin: "n\n" });
    const failure = await runDelete({ plantId: plant.id, yes: false }, deps).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ExitError);
    expect((failure as ExitError).message).toBe("delete cancelled");
    expect(api.sent.filter((r) => r.method === "DELETE")).toEqual([]);
    expect(await plantStatus(plant.id)).toBe("PENDING");
  });

  it("exits 5 when the plant does not exist", async () => {
    const result = await runVoke(
      ["plants", "delete", "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b", "--yes"],
      options(),
    );
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("PLANT_NOT_FOUND");
  });
});

describe("plants suspend and reactivate", () => {
  it("call the API with the plant id and report the server's message", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1" });
    const provisioned = await api.harness.request("POST", `/api/v1/plants/${plant.id}/provision`);
    expect(provisioned.status).toBe(200);
    const suspended = await runVoke(["plants", "suspend", plant.id], { ...options(), tty: true });
    expect(suspended.stderr).toBe(`✓ Plant suspended (${plant.id})\n`);
    expect(await plantStatus(plant.id)).toBe("SUSPENDED");
    const reactivated = await runVoke(["plants", "reactivate", plant.id, "-o", "ndjson"], options());
    expect(reactivated.stdout).toBe(
      `{"plantId":"${plant.id}","message":"Plant reactivated (PROVISIONED)"}\n`,
    );
    expect(requests()).toEqual([
      `POST /api/v1/plants/${plant.id}/suspend`,
      `POST /api/v1/plants/${plant.id}/reactivate`,
    ]);
    expect(await plantStatus(plant.id)).toBe("PROVISIONED");
  });
});
