/** The plant_credentials table: each plant's current certificate and sealed private key and HMAC secrets. */
import type { Database } from "./database.ts";
import type { AuthMethod } from "./plants.ts";
import { integer, type Row, text, textOrNull } from "./rows.ts";

/** Sealed values are SecretBox output; this module never sees a secret in plain text. */
export interface PlantCredentialRecord {
  plantId: string;
  /** The auth method these credentials were issued for. */
  authMethod: AuthMethod;
  certificatePem: string | null;
  certificateSerialNumber: string | null;
  certificateNotAfter: string | null;
  sealedPrivateKey: string | null;
  /** null once revoke destroyed it. */
  sealedHmacSecret: string | null;
  sealedPreviousHmacSecret: string | null;
  previousSecretValidUntil: string | null;
  revoked: boolean;
  issuedAt: string;
  updatedAt: string;
}

/** The sealed HMAC secrets of a plant, and whether its credentials were revoked. */
export interface SealedSecrets {
  sealedHmacSecret: string | null;
  sealedPreviousHmacSecret: string | null;
  previousSecretValidUntil: string | null;
  revoked: boolean;
}

export interface PlantCredentialStore {
  findByPlantId(plantId: string): PlantCredentialRecord | undefined;
  /** Only the sealed secrets: the broker reads them per message while the revision has moved, so no certificate. */
  findSealedSecrets(plantId: string): SealedSecrets | undefined;
  /** Inserts or replaces the plant's credentials. */
  save(credential: PlantCredentialRecord): void;
  /** The plant whose current certificate has this serial number. */
  findByCertificateSerialNumber(serialNumber: string): PlantCredentialRecord | undefined;
  /**
   * Goes up with every `save` through this store (this process is the only writer of credentials): a cache of
   * credentials is still right while it has not moved.
   */
  revision(): number;
}

export function createPlantCredentialStore(db: Database): PlantCredentialStore {
  const byPlant = db.sqlite.prepare("SELECT * FROM plant_credentials WHERE plant_id = ?");
  const sealedSecrets = db.sqlite.prepare(
    `SELECT sealed_hmac_secret, sealed_previous_hmac_secret, previous_secret_valid_until, revoked
     FROM plant_credentials WHERE plant_id = ?`,
  );
  const bySerial = db.sqlite.prepare("SELECT * FROM plant_credentials WHERE certificate_serial_number = ?");
  const save = db.sqlite.prepare(
    `INSERT INTO plant_credentials (plant_id, auth_method, certificate_pem, certificate_serial_number, certificate_not_after,
       sealed_private_key, sealed_hmac_secret, sealed_previous_hmac_secret, previous_secret_valid_until, revoked,
       issued_at, updated_at)
     VALUES (:plantId, :authMethod, :certificatePem, :certificateSerialNumber, :certificateNotAfter, :sealedPrivateKey,
       :sealedHmacSecret, :sealedPreviousHmacSecret, :previousSecretValidUntil, :revoked, :issuedAt, :updatedAt)
     ON CONFLICT (plant_id) DO UPDATE SET
       auth_method = excluded.auth_method,
       certificate_pem = excluded.certificate_pem,
       certificate_serial_number = excluded.certificate_serial_number,
       certificate_not_after = excluded.certificate_not_after,
       sealed_private_key = excluded.sealed_private_key,
       sealed_hmac_secret = excluded.sealed_hmac_secret,
       sealed_previous_hmac_secret = excluded.sealed_previous_hmac_secret,
       previous_secret_valid_until = excluded.previous_secret_valid_until,
       revoked = excluded.revoked,
       issued_at = excluded.issued_at,
       updated_at = excluded.updated_at`,
  );
  let revision = 0;
  return {
    findByPlantId: (plantId) => {
      const row = byPlant.get(plantId) as Row | undefined;
      return row ? toCredential(row) : undefined;
    },
    findSealedSecrets: (plantId) => {
      const row = sealedSecrets.get(plantId) as Row | undefined;
      if (!row) return undefined;
      return {
        sealedHmacSecret: textOrNull(row, "sealed_hmac_secret"),
        sealedPreviousHmacSecret: textOrNull(row, "sealed_previous_hmac_secret"),
        previousSecretValidUntil: textOrNull(row, "previous_secret_valid_until"),
        revoked: integer(row, "revoked") === 1,
      };
    },
    save: (credential) => {
      revision++;
      save.run({ ...credential, revoked: credential.revoked ? 1 : 0 });
    },
    revision: () => revision,
    findByCertificateSerialNumber: (serialNumber) => {
      const row = bySerial.get(serialNumber) as Row | undefined;
      return row ? toCredential(row) : undefined;
    },
  };
}

function toCredential(row: Row): PlantCredentialRecord {
  return {
    plantId: text(row, "plant_id"),
    authMethod: text(row, "auth_method") as AuthMethod,
    certificatePem: textOrNull(row, "certificate_pem"),
    certificateSerialNumber: textOrNull(row, "certificate_serial_number"),
    certificateNotAfter: textOrNull(row, "certificate_not_after"),
    sealedPrivateKey: textOrNull(row, "sealed_private_key"),
    sealedHmacSecret: textOrNull(row, "sealed_hmac_secret"),
    sealedPreviousHmacSecret: textOrNull(row, "sealed_previous_hmac_secret"),
    previousSecretValidUntil: textOrNull(row, "previous_secret_valid_until"),
    revoked: integer(row, "revoked") === 1,
    issuedAt: text(row, "issued_at"),
    updatedAt: text(row, "updated_at"),
  };
}
