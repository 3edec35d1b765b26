/**
 * Credential stamps: a record of which credentials a reply handed out (a plant's certificate and
 * secret, or an MQTT token's expiry) without the secrets themselves, so that an idempotent replay can
 * tell whether they are still the plant's current ones.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Store } from "../storage/store.ts";
import { isActionAllowed } from "./plant-lifecycle.ts";

export type CredentialStamp =
  | {
      kind: "credentials";
      plantId: string;
      certificateSerialNumber: string | null;
      /** SHA-256 of the sealed secret: every seal is unique, so this changes on each rotation. */
      secretSeal: string | null;
    }
  | { kind: "mqtt-token"; plantId: string; expiresAt: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The plant's credentials as they are now (call inside the transaction that issued them). */
export function stampCredentials(store: Store, plantId: string): CredentialStamp {
  const credential = store.plantCredentials.findByPlantId(plantId);
  return {
    kind: "credentials",
    plantId,
    certificateSerialNumber: credential?.certificateSerialNumber ?? null,
    secretSeal: credential?.sealedHmacSecret ? sha256(credential.sealedHmacSecret) : null,
  };
}

/**
 * Whether the credentials `stamp` names still work: not superseded by a later provision, rotated
 * away, revoked, or (a token) expired.
 */
export function isStampCurrent(store: Store, clock: Clock, stamp: CredentialStamp): boolean {
  const plant = store.plants.findById(stamp.plantId);
  if (!plant || plant.lifecycleStatus === "DECOMMISSIONED") return false;
  if (stamp.kind === "mqtt-token") {
    return isActionAllowed(plant, "mqttToken") && Date.parse(stamp.expiresAt) > clock.now().getTime();
  }
  const now = stampCredentials(store, stamp.plantId);
  if (now.kind !== "credentials" || now.secretSeal === null) return false;
  const serial = stamp.certificateSerialNumber;
  return (
    now.secretSeal === stamp.secretSeal &&
    now.certificateSerialNumber === serial &&
    (serial === null || !store.revokedCertificates.isRevoked(serial))
  );
}
