/**
 * Checks a provisioning package against its plant before it is written: a package file must hold the
 * plant's current credentials. For MTLS the client certificate's SHA-256 fingerprint must equal the
 * plant's `certificateFingerprint`; for every method the plant id and auth method must match.
 */

import { X509Certificate } from "node:crypto";
import type { Plant, ProvisioningPackage } from "@voke/sdk";

/** Why `pkg` is not `plant`'s current package, or undefined when it is. */
export function packageMismatch(
  pkg: ProvisioningPackage,
  plant: Pick<Plant, "id" | "authMethod" | "certificateFingerprint">,
): string | undefined {
  if (pkg.plantId !== plant.id) return `the package is for plant ${pkg.plantId}, not ${plant.id}`;
  if (pkg.authMethod !== plant.authMethod) {
    return `the package is for auth method ${pkg.authMethod}, the plant uses ${plant.authMethod}`;
  }
  if (plant.authMethod !== "MTLS") return undefined;
  const pem = pkg.security.clientCert;
  if (!pem) return "the package has no client certificate";
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(pem).fingerprint256.replaceAll(":", "").toLowerCase();
  } catch (error) {
    return `the package's client certificate cannot be read (${(error as Error).message})`;
  }
  if (fingerprint !== plant.certificateFingerprint) {
    return `the package's certificate (SHA-256 ${fingerprint.slice(0, 16)}…) is not the plant's current one`;
  }
  return undefined;
}
