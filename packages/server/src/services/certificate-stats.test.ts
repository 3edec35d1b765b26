import { describe, expect, it } from "vitest";
import type { PlantRecord } from "../storage/plants.ts";
import { computeCertificateStats } from "./certificate-stats.ts";

const NOW = new Date("2025-06-01T00:00:00.000Z");
const plant = (id: string, expiresAt: string | null, extra: Partial<PlantRecord> = {}) =>
  ({
    id,
    name: `Plant ${id}`,
    serialNumber: `SN-${id}`,
    authMethod: "MTLS",
    lifecycleStatus: "ACTIVE",
    certificateSerialNumber: `serial-${id}`,
    certificateExpiresAt: expiresAt,
    ...extra,
  }) as PlantRecord;

describe("computeCertificateStats", () => {
  it("classifies expired, expiring soon, revoked and active certificates", () => {
    const stats = computeCertificateStats(
      [
        plant("a", "2025-05-01T00:00:00.000Z"), // expired
        plant("b", "2025-06-20T00:00:00.000Z"), // expiring soon
        plant("c", "2025-12-01T00:00:00.000Z"), // active
        plant("d", "2025-06-10T00:00:00.000Z"), // revoked (though soon to expire)
        plant("e", "2025-07-01T00:00:00.000Z"), // exactly 30 days: soon
        plant("f", null), // no certificate
        plant("g", "2025-06-02T00:00:00.000Z", { authMethod: "TOKEN" }), // not MTLS
      ],
      (serial) => serial === "serial-d",
      NOW,
    );
    expect(stats).toMatchObject({ expired: 1, expiringSoon: 2, active: 3, revoked: 1 });
    expect(stats.atRiskPlants.map((p) => p.id)).toEqual(["a", "b", "e"]);
    expect(stats.nextRenewalAt).toBe("2025-05-21T00:00:00.000Z");
  });

  it("has no next renewal without a valid certificate", () => {
    const stats = computeCertificateStats([plant("a", "2025-01-01T00:00:00.000Z")], () => false, NOW);
    expect(stats).toMatchObject({ expired: 1, active: 0, nextRenewalAt: null });
  });
});
