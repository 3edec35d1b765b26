/** Plant credentials: provisioning packages, secret rotation, MQTT tokens and revocation. */

import type { Clock } from "../clock.ts";
import { generateHmacSecret } from "../crypto/hmac-secret.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { EventPublisher } from "../events/event-hub.ts";
import type { CertificateAuthority, IssuedCertificate } from "../pki/certificate-authority.ts";
import type { PlantCredentialRecord } from "../storage/plant-credentials.ts";
import type { PlantRecord } from "../storage/plants.ts";
import type { Store } from "../storage/store.ts";
import type { Principal } from "./access.ts";
import { type CredentialStamp, stampCredentials } from "./credential-stamps.ts";
import type { DeviceGateway } from "./device-gateway.ts";
import { InvalidRequestError } from "./errors.ts";
import type { IssuedMqttToken, MqttTokenSigner } from "./mqtt-tokens.ts";
import { findVisiblePlant, publishLifecycle } from "./plant-access.ts";
import { assertActionAllowed } from "./plant-lifecycle.ts";
import {
  buildProvisioningPackage,
  type MqttEndpoint,
  type ProvisioningPackage,
} from "./provisioning-package.ts";
import type { RevocationList } from "./revocation-list.ts";

/** How long a rotated-out HMAC secret keeps working. */
export const SECRET_GRACE_PERIOD_MINUTES = 60;

export interface PlantCredentialServiceDeps {
  /** Where lifecycle and command events go (GET /api/v1/events). */
  events?: EventPublisher;
  store: Store;
  clock: Clock;
  ca: CertificateAuthority;
  secretBox: SecretBox;
  gateway: DeviceGateway;
  revocationList: RevocationList;
  mqttTokens: MqttTokenSigner;
  /** Where plants connect; a function because the broker's port is known only once it listens. */
  mqttEndpoint: () => MqttEndpoint;
}

/** New credentials issued but not saved yet: `commit` saves them, `settle` tells the broker. */
export interface PreparedProvision {
  /**
   * Saves the credentials in one transaction (synchronous, so it can share the transaction that stores
   * the idempotent reply) and returns the package. With `keepCurrent`, a plant that got credentials
   * meanwhile keeps them and their package is returned instead.
   */
  commit(): ProvisioningPackage;
  /** After commit: drops the plant's live session and reloads the CRL when a certificate was superseded. */
  settle(): Promise<void>;
}

export interface PlantCredentialService {
  /** Issues fresh credentials (the old certificate is revoked as superseded) and returns the package. */
  provision(principal: Principal, plantId: string): Promise<ProvisioningPackage>;
  /** The slow half of provision (issuing the certificate); see PreparedProvision. */
  prepareProvision(
    principal: Principal,
    plantId: string,
    options?: { keepCurrent?: boolean },
  ): Promise<PreparedProvision>;
  /** Checks that the caller may download the plant's package, changing nothing (for HEAD). */
  checkDownload(principal: Principal, plantId: string): { serialNumber: string };
  /** Which credentials the plant has now, for idempotent replays (see credential-stamps.ts). */
  stampCredentials(plantId: string): CredentialStamp;
  /** The current package, provisioning first when the plant never was (or changed its auth method since). */
  download(
    principal: Principal,
    plantId: string,
  ): Promise<{ package: ProvisioningPackage; serialNumber: string }>;
  rotateSecret(principal: Principal, plantId: string): { hmacSecret: string; gracePeriodMinutes: number };
  issueMqttToken(principal: Principal, plantId: string): Promise<IssuedMqttToken>;
  /** Decommissions the plant: certificate on the CRL, secrets destroyed, session closed. */
  revoke(principal: Principal, plantId: string): Promise<PlantRecord>;
  /**
   * The synchronous half of revoke (one transaction, for replyOnce); `settle` then closes the session
   * and reloads the CRL.
   */
  revokeNow(principal: Principal, plantId: string): { plant: PlantRecord; settle(): Promise<void> };
}

export function createPlantCredentialService(deps: PlantCredentialServiceDeps): PlantCredentialService {
  const { store, clock, ca, secretBox, gateway } = deps;
  const lifecycleChanged = (plant: PlantRecord, to: string) => publishLifecycle(deps.events, plant, to);
  const find = (principal: Principal, plantId: string): PlantRecord =>
    findVisiblePlant(store, principal, plantId);

  const packageOf = (plant: PlantRecord, credential: PlantCredentialRecord): ProvisioningPackage => {
    if (credential.sealedHmacSecret === null) {
      throw new InvalidRequestError("Plant has no credentials; provision it first");
    }
    return buildProvisioningPackage({
      plantId: plant.id,
      authMethod: credential.authMethod,
      endpoint: deps.mqttEndpoint(),
      caCertificatePem: ca.certificatePem,
      clientCertificatePem: credential.certificatePem,
      clientPrivateKeyPem:
        credential.sealedPrivateKey === null ? null : secretBox.open(credential.sealedPrivateKey),
      hmacSecret: secretBox.open(credential.sealedHmacSecret),
    });
  };

  const hasCurrentPackage = (plant: PlantRecord, credential: PlantCredentialRecord | undefined) =>
    credential !== undefined &&
    credential.authMethod === plant.authMethod &&
    credential.sealedHmacSecret !== null;

  const prepareProvision = async (
    principal: Principal,
    plantId: string,
    options: { keepCurrent?: boolean } = {},
  ): Promise<PreparedProvision> => {
    const before = find(principal, plantId);
    assertActionAllowed(before, "provision");
    const certificate: IssuedCertificate | undefined =
      before.authMethod === "MTLS"
        ? await ca.issueClientCertificate({ commonName: before.id, now: clock.now() })
        : undefined;
    const hmacSecret = generateHmacSecret();
    let outcome: { plantId: string; superseded: boolean } | undefined;

    const commit = (): ProvisioningPackage => {
      const now = clock.now().toISOString();
      return store.transaction(() => {
        // Read again: the plant may have changed while the certificate was being issued.
        const current = find(principal, plantId);
        assertActionAllowed(current, "provision");
        if (current.authMethod !== before.authMethod) {
          throw new InvalidRequestError("Plant auth method changed while provisioning; try again");
        }
        const previous = store.plantCredentials.findByPlantId(current.id);
        if (options.keepCurrent && previous && hasCurrentPackage(current, previous)) {
          return packageOf(current, previous);
        }
        const oldSerial = previous?.certificateSerialNumber ?? null;
        const supersede = oldSerial !== null && !store.revokedCertificates.isRevoked(oldSerial);
        if (supersede) {
          store.revokedCertificates.add({
            serialNumber: oldSerial,
            plantId: current.id,
            revokedAt: now,
            reason: "superseded",
            notAfter: previous?.certificateNotAfter ?? null,
          });
        }
        const credential: PlantCredentialRecord = {
          plantId: current.id,
          authMethod: current.authMethod,
          certificatePem: certificate?.certificatePem ?? null,
          certificateSerialNumber: certificate?.serialNumber ?? null,
          certificateNotAfter: certificate?.notAfter.toISOString() ?? null,
          sealedPrivateKey: certificate ? secretBox.seal(certificate.privateKeyPem) : null,
          sealedHmacSecret: secretBox.seal(hmacSecret),
          sealedPreviousHmacSecret: null,
          previousSecretValidUntil: null,
          revoked: false,
          issuedAt: now,
          updatedAt: now,
        };
        store.plantCredentials.save(credential);
        store.plants.update(current.id, {
          lifecycleStatus: current.lifecycleStatus === "PENDING" ? "PROVISIONED" : current.lifecycleStatus,
          certificateFingerprint: certificate?.fingerprint ?? null,
          certificateSerialNumber: certificate?.serialNumber ?? null,
          certificateExpiresAt: certificate?.notAfter.toISOString() ?? null,
          provisionedAt: now,
          // Tokens issued before go with the old credentials.
          mqttTokenEpoch: current.mqttTokenEpoch + 1,
          updatedAt: now,
        });
        if (current.lifecycleStatus === "PENDING") lifecycleChanged(current, "PROVISIONED");
        outcome = { plantId: current.id, superseded: supersede };
        return buildProvisioningPackage({
          plantId: current.id,
          authMethod: credential.authMethod,
          endpoint: deps.mqttEndpoint(),
          caCertificatePem: ca.certificatePem,
          clientCertificatePem: certificate?.certificatePem ?? null,
          clientPrivateKeyPem: certificate?.privateKeyPem ?? null,
          hmacSecret,
        });
      });
    };

    const settle = async () => {
      if (!outcome) return;
      // The old credentials stop working now: drop the session so the device reconnects with the new ones.
      gateway.closeSession(outcome.plantId, "plant re-provisioned");
      if (outcome.superseded) gateway.reloadCrl(await deps.revocationList.refresh());
    };
    return { commit, settle };
  };

  const provision = async (principal: Principal, plantId: string): Promise<ProvisioningPackage> => {
    const prepared = await prepareProvision(principal, plantId);
    const provisioned = prepared.commit();
    await prepared.settle();
    return provisioned;
  };

  const revokeNow: PlantCredentialService["revokeNow"] = (principal, plantId) => {
    const now = clock.now().toISOString();
    const { plant, revokedCertificate } = store.transaction(() => {
      const current = find(principal, plantId);
      assertActionAllowed(current, "revoke");
      const credential = store.plantCredentials.findByPlantId(current.id);
      const serial = credential?.certificateSerialNumber ?? null;
      const revokeCertificate = serial !== null && !store.revokedCertificates.isRevoked(serial);
      if (revokeCertificate) {
        store.revokedCertificates.add({
          serialNumber: serial,
          plantId: current.id,
          revokedAt: now,
          reason: "cessationOfOperation",
          notAfter: credential?.certificateNotAfter ?? null,
        });
      }
      if (credential) {
        // Destroy every secret: a decommissioned plant can never sign or authenticate again.
        store.plantCredentials.save({
          ...credential,
          sealedPrivateKey: null,
          sealedHmacSecret: null,
          sealedPreviousHmacSecret: null,
          previousSecretValidUntil: null,
          revoked: true,
          updatedAt: now,
        });
      }
      const plant = store.plants.update(current.id, {
        lifecycleStatus: "DECOMMISSIONED",
        // Tokens issued before go with the old credentials.
        mqttTokenEpoch: current.mqttTokenEpoch + 1,
        updatedAt: now,
      }) as PlantRecord;
      lifecycleChanged(current, "DECOMMISSIONED");
      return { plant, revokedCertificate: revokeCertificate };
    });
    const settle = async () => {
      gateway.closeSession(plant.id, "plant revoked");
      if (revokedCertificate) gateway.reloadCrl(await deps.revocationList.refresh());
    };
    return { plant, settle };
  };

  return {
    provision,

    prepareProvision,

    async download(principal, plantId) {
      const plant = find(principal, plantId);
      assertActionAllowed(plant, "download");
      const credential = store.plantCredentials.findByPlantId(plant.id);
      if (credential && hasCurrentPackage(plant, credential)) {
        return { package: packageOf(plant, credential), serialNumber: plant.serialNumber };
      }
      // Never provisioned: provision now, but two downloads racing must not supersede each other.
      const prepared = await prepareProvision(principal, plantId, { keepCurrent: true });
      const current = prepared.commit();
      await prepared.settle();
      return { package: current, serialNumber: plant.serialNumber };
    },

    checkDownload(principal, plantId) {
      const plant = find(principal, plantId);
      assertActionAllowed(plant, "download");
      return { serialNumber: plant.serialNumber };
    },

    stampCredentials: (plantId) => stampCredentials(store, plantId),

    rotateSecret(principal, plantId) {
      const hmacSecret = generateHmacSecret();
      store.transaction(() => {
        const plant = find(principal, plantId);
        assertActionAllowed(plant, "rotateSecret");
        const credential = store.plantCredentials.findByPlantId(plant.id);
        if (!credential || credential.sealedHmacSecret === null) {
          throw new InvalidRequestError("Plant has no secret to rotate; provision it first");
        }
        const now = clock.now();
        store.plantCredentials.save({
          ...credential,
          sealedHmacSecret: secretBox.seal(hmacSecret),
          sealedPreviousHmacSecret: credential.sealedHmacSecret,
          previousSecretValidUntil: new Date(
            now.getTime() + SECRET_GRACE_PERIOD_MINUTES * 60_000,
          ).toISOString(),
          updatedAt: now.toISOString(),
        });
        store.plants.update(plant.id, { secretRotatedAt: now.toISOString(), updatedAt: now.toISOString() });
      });
      return { hmacSecret, gracePeriodMinutes: SECRET_GRACE_PERIOD_MINUTES };
    },

    async issueMqttToken(principal, plantId) {
      const plant = find(principal, plantId);
      assertActionAllowed(plant, "mqttToken");
      return deps.mqttTokens.issue(plant.id, clock.now(), plant.mqttTokenEpoch);
    },

    revokeNow,

    async revoke(principal, plantId) {
      const { plant, settle } = revokeNow(principal, plantId);
      await settle();
      return plant;
    },
  };
}

/** The HMAC secrets a plant's messages may be signed with now: the current one, and the previous one in its grace period. */
export function activePlantSecrets(store: Store, secretBox: SecretBox, plantId: string, now: Date): string[] {
  const credential = store.plantCredentials.findByPlantId(plantId);
  if (!credential || credential.revoked || credential.sealedHmacSecret === null) return [];
  const secrets = [secretBox.open(credential.sealedHmacSecret)];
  if (
    credential.sealedPreviousHmacSecret !== null &&
    credential.previousSecretValidUntil !== null &&
    Date.parse(credential.previousSecretValidUntil) > now.getTime()
  ) {
    secrets.push(secretBox.open(credential.sealedPreviousHmacSecret));
  }
  return secrets;
}
