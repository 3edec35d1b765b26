import type { CertificateStats } from "@voke/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { type RealApi, startRealApi } from "../../test-support/real-api.ts";
import { run as runCertStats } from "./cert-stats.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

let api: RealApi;
beforeEach(async () => {
  api = await startRealApi();
});
afterEach(() => api.close());

const energyOnServer = async (id: string) =>
  (await api.harness.request("GET", `/api/v1/plants/${id}/energy/today`)).body;

describe("plants energy and mqtt-token", () => {
  it("print the API's object for the plant", async () => {
    // MQTT tokens are for TOKEN plants that have been provisioned.
    const plant = await api.harness.createPlant({ serialNumber: "SN-1", authMethod: "TOKEN" });
    expect((await api.harness.request("POST", `/api/v1/plants/${plant.id}/provision`)).status).toBe(200);
    const options = { env: api.env, createClient: api.createClient };
    const energy = await runVoke(["plants", "energy", plant.id, "-o", "json"], options);
    expect(energy.code).toBe(0);
    expect(JSON.parse(energy.stdout)).toEqual(await energyOnServer(plant.id));
    const token = await runVoke(["plants", "mqtt-token", plant.id], options);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^token\t\S+\.\S+\.\S+\nexpiresAt\t\d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
    expect(api.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/plants/${plant.id}/energy/today`,
      `POST /api/v1/plants/${plant.id}/mqtt-token`,
    ]);
  });
});

describe("plants energy on a terminal", () => {
  it("shows energies in kWh and self-consumption in percent; piped, the plain numbers", async () => {
    const plant = await api.harness.createPlant({ serialNumber: "SN-1" });
    // Two meter readings today (the harness clock: 2025-06-15T12:00Z): +12.5 produced, +3 imported, +4.5 exported.
    const sample = (ts: string, metrics: Record<string, number>) =>
      api.harness.store.telemetry.insert({ plantId: plant.id, ts, metrics, receivedAt: ts });
    sample("2025-06-15T06:00:00.000Z", { producedKwh: 100, importedKwh: 50, exportedKwh: 20 });
    sample("2025-06-15T11:00:00.000Z", { producedKwh: 112.5, importedKwh: 53, exportedKwh: 24.5 });
    const options = { env: api.env, createClient: api.createClient };
    const tty = await runVoke(["plants", "energy", plant.id], { ...options, tty: true, columns: 80 });
    expect(tty.stdout).toBe(
      "Date              2025-06-15\nProduced          12.5 kWh\nImported          3 kWh\nExported          4.5 kWh\nSelf consumption  64 %\n",
    );
    const piped = await runVoke(["plants", "energy", plant.id], options);
    expect(piped.stdout).toContain("produced\t12.5\n");
  });
});

describe("plants cert-stats", () => {
  const stats: CertificateStats = {
    active: 4,
    expired: 1,
    expiringSoon: 1,
    revoked: 2,
    nextRenewalAt: "2030-02-01T00:00:00.000Z",
    atRiskPlants: [
      {
        id: "p-1",
        name: "Old meter",
        serialNumber: "SN-OLD",
        authMethod: "MTLS",
        lifecycleStatus: "ACTIVE",
        certificateExpiresAt: "2029-12-01T00:00:00.000Z",
      },
    ],
  };
  const client = { plants: { certificateStats: async () => stats } };

  it("shows the counts, then the at-risk plants, in table mode", async () => {
    const { deps, stdout, stderr } = await createTestDeps({ env, client });
    await runCertStats({}, deps);
    expect(stdout()).toContain("active\t4\nexpired\t1\nexpiringSoon\t1\nrevoked\t2\n");
    expect(stdout()).toContain("atRiskPlants\t1\n");
    expect(stdout()).toContain("p-1\tOld meter\tSN-OLD\tACTIVE\t2029-12-01T00:00:00.000Z\n");
    expect(stderr()).toContain("At-risk plants");
  });

  it("gives the API's object as it is with -o json", async () => {
    const { deps, stdout } = await createTestDeps({ env, client, globals: { output: "json" } });
    await runCertStats({}, deps);
    expect(JSON.parse(stdout())).toEqual(stats);
  });
});
