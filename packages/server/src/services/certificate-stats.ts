/** Health of the caller's MTLS client certificates: expired, expiring soon, revoked, active, next renewal. */
import type { ApiSchemas } from "../api-schemas.ts";
import type { PlantRecord } from "../storage/plants.ts";
import type { Store } from "../storage/store.ts";
import { organizationScope, type Principal } from "./access.ts";

const RENEWAL_WINDOW_MS = 30 * 86_400_000;

export type AtRiskPlant = ApiSchemas["AtRiskPlant"];
export type CertificateStats = ApiSchemas["CertificateStats"];

/**
 * Classifies each plant's current certificate. A revoked certificate counts only as `revoked`: it needs no
 * renewal. Of the others, `expired` have passed notAfter; the rest are `active`, and those of them expiring
 * within 30 days are also `expiringSoon`.
 */
export function computeCertificateStats(
  plants: readonly PlantRecord[],
  isRevoked: (serialNumber: string) => boolean,
  now: Date,
): CertificateStats {
  const stats: CertificateStats = {
    active: 0,
    expired: 0,
    expiringSoon: 0,
    revoked: 0,
    atRiskPlants: [],
    nextRenewalAt: null,
  };
  let earliestValid: number | undefined;
  const atRisk: { plant: PlantRecord; notAfter: number }[] = [];
  for (const plant of plants) {
    if (plant.authMethod !== "MTLS" || plant.certificateExpiresAt === null) continue;
    const notAfter = Date.parse(plant.certificateExpiresAt);
    if (plant.certificateSerialNumber !== null && isRevoked(plant.certificateSerialNumber)) {
      stats.revoked++;
    } else if (notAfter <= now.getTime()) {
      stats.expired++;
      atRisk.push({ plant, notAfter });
    } else {
      stats.active++;
      if (notAfter - now.getTime() <= RENEWAL_WINDOW_MS) {
        stats.expiringSoon++;
        atRisk.push({ plant, notAfter });
      }
      earliestValid = earliestValid === undefined ? notAfter : Math.min(earliestValid, notAfter);
    }
  }
  atRisk.sort((a, b) => a.notAfter - b.notAfter || a.plant.id.localeCompare(b.plant.id));
  stats.atRiskPlants = atRisk.map(({ plant }) => ({
    id: plant.id,
    name: plant.name,
    serialNumber: plant.serialNumber,
    authMethod: plant.authMethod,
    lifecycleStatus: plant.lifecycleStatus,
    certificateExpiresAt: plant.certificateExpiresAt as string,
  }));
  stats.nextRenewalAt =
    earliestValid === undefined ? null : new Date(earliestValid - RENEWAL_WINDOW_MS).toISOString();
  return stats;
}

/** The stats over the plants the caller may see. */
export function getCertificateStats(store: Store, principal: Principal, now: Date): CertificateStats {
  const plants = store.plants.listWithCertificates(organizationScope(principal));
  return computeCertificateStats(plants, (serial) => store.revokedCertificates.isRevoked(serial), now);
}
