import type { CertificateStats } from "@voke/sdk";
import { describe, expect, it } from "vitest";
import { createTestDeps, runVoke } from "../../test-support/harness.ts";
import { run as runCertStats } from "./cert-stats.ts";
import { fakePlants } from "./fake-plants-client.ts";

const env = {
  VOKE_TOKEN: "vok_test_token_0123456789",
  VOKE_CONFIG_DIR: "/nonexistent/voke-test",
  NO_COLOR: "1",
};

describe("plants energy and mqtt-token", () => {
  it("print the API's object for the plant", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1", authMethod: "TOKEN" });
    const createClient = () => fake.client as never;
    const energy = await runVoke(["plants", "energy", plant.id, "-o", "json"], { env, createClient });
    expect(JSON.parse(energy.stdout)).toEqual({
      date: "2030-01-01",
      produced: 12.5,
      imported: 3,
      exported: 4.5,
      selfConsumptionPct: 64,
    });
    const token = await runVoke(["plants", "mqtt-token", plant.id], { env, createClient });
    expect(token.stdout).toBe("token\teyJhbGciOiJFUzI1NiJ9.e30.sig\nexpiresAt\t2030-01-01T00:15:00.000Z\n");
    expect(fake.calls.map((call) => [call.method, call.args])).toEqual([
      ["energyToday", [plant.id]],
      ["issueMqttToken", [plant.id]],
    ]);
  });
});

describe("plants energy on a terminal", () => {
  it("shows energies in kWh and self-consumption in percent; piped, the plain numbers", async () => {
    const fake = fakePlants();
    const plant = fake.seed({ serialNumber: "SN-1" });
    const createClient = () => fake.client as never;
    const tty = await runVoke(["plants", "energy", plant.id], { env, createClient, tty: true, columns: 80 });
    expect(tty.stdout).toBe(
      "Date              2030-01-01\nProduced          12.5 kWh\nImported          3 kWh\nExported          4.5 kWh\nSelf consumption  64 %\n",
    );
    const piped = await runVoke(["plants", "energy", plant.id], { env, createClient });
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
