// The secret cache: opened once, refreshed by any change to the sealed row, previous secret only in its grace.
import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import { createSecretBox, type SecretBox } from "../crypto/secret-box.ts";
import type { PlantCredentialRecord } from "../storage/plant-credentials.ts";
import { openStore, type Store } from "../storage/store.ts";
import { createPlantSecrets } from "./plant-secrets.ts";

let store: Store;
let opened: number;
let box: SecretBox;
const clock = createFixedClock("2025-06-01T12:00:00.000Z");
const plantId = randomUUID();

beforeEach(() => {
  store = openStore(":memory:");
  const inner = createSecretBox(randomBytes(32));
  opened = 0;
  box = {
    seal: (text) => inner.seal(text),
    open: (sealed) => {
      opened++;
      return inner.open(sealed);
    },
  };
  const now = clock.now().toISOString();
  const organizationId = randomUUID();
  store.organizations.insert({ id: organizationId, name: "o", createdAt: now, updatedAt: now });
  store.db.sqlite
    .prepare(
      `INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, created_at, updated_at)
       VALUES (?, ?, 'p', 'SN-1', 'SENSOR', 'PASSWORD', ?, ?)`,
    )
    .run(plantId, organizationId, now, now);
});
afterEach(() => store.close());

function save(changes: Partial<PlantCredentialRecord>): void {
  const now = clock.now().toISOString();
  store.plantCredentials.save({
    plantId,
    authMethod: "PASSWORD",
    certificatePem: null,
    certificateSerialNumber: null,
    certificateNotAfter: null,
    sealedPrivateKey: null,
    sealedHmacSecret: box.seal("current-1"),
    sealedPreviousHmacSecret: null,
    previousSecretValidUntil: null,
    revoked: false,
    issuedAt: now,
    updatedAt: now,
    ...changes,
  });
}

describe("plant secrets", () => {
  it("opens the secret once and serves it from memory after", () => {
    save({});
    const secrets = createPlantSecrets({ store, secretBox: box, clock });
    expect(secrets.accepted(plantId)).toEqual(["current-1"]);
    expect(secrets.current(plantId)).toBe("current-1");
    expect(secrets.accepted(plantId)).toEqual(["current-1"]);
    expect(opened).toBe(1);
  });

  it("sees a rotation made behind its back, with the previous secret until its grace ends", () => {
    save({});
    const secrets = createPlantSecrets({ store, secretBox: box, clock });
    expect(secrets.accepted(plantId)).toEqual(["current-1"]);
    save({
      sealedHmacSecret: box.seal("current-2"),
      sealedPreviousHmacSecret: box.seal("current-1"),
      previousSecretValidUntil: new Date(clock.now().getTime() + 60 * 60_000).toISOString(),
    });
    expect(secrets.accepted(plantId)).toEqual(["current-2", "current-1"]);
    expect(secrets.current(plantId)).toBe("current-2");
    clock.advance(60 * 60_000);
    expect(secrets.accepted(plantId)).toEqual(["current-2"]);
  });

  it("has nothing for a revoked or unknown plant", () => {
    save({});
    const secrets = createPlantSecrets({ store, secretBox: box, clock });
    expect(secrets.accepted(plantId)).toHaveLength(1);
    save({ sealedHmacSecret: null, revoked: true });
    expect(secrets.accepted(plantId)).toEqual([]);
    expect(secrets.current(plantId)).toBeUndefined();
    expect(secrets.accepted(randomUUID())).toEqual([]);
  });
});
