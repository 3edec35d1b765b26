/**
 * Each plant's HMAC secrets opened once and kept in memory. An entry is keyed by the sealed values in its
 * credentials row (every seal has a fresh IV, so any rotate, re-provision or revoke changes them) and checked
 * against the row again only when the credential store's revision has moved since: a change made by the REST
 * side applies to the very next message, and a message costs no query while nothing changed.
 */
import type { Clock } from "../clock.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Store } from "../storage/store.ts";

export interface PlantSecrets {
  /** The secrets a message from the plant may be signed with now: the current one, then the previous one in its grace period. */
  accepted(plantId: string): string[];
  /** The current secret, which signs commands; undefined when the plant has none (never provisioned, or revoked). */
  current(plantId: string): string | undefined;
  /** Drops the cached secrets of one plant (or of all). */
  forget(plantId?: string): void;
}

interface CachedSecrets {
  version: string;
  /** The credential store's revision when the row was last compared. */
  checkedAt: number;
  current: string | undefined;
  previous: string | undefined;
  previousValidUntil: number;
}

export function createPlantSecrets(deps: { store: Store; secretBox: SecretBox; clock: Clock }): PlantSecrets {
  const { store, secretBox, clock } = deps;
  const cache = new Map<string, CachedSecrets>();

  const load = (plantId: string): CachedSecrets | undefined => {
    const revision = store.plantCredentials.revision();
    const known = cache.get(plantId);
    if (known && known.checkedAt === revision) return known;
    // One query for the sealed values themselves: opening them is the cost the cache saves, not reading them.
    const row = store.plantCredentials.findSealedSecrets(plantId);
    if (!row || row.revoked) {
      cache.delete(plantId);
      return undefined;
    }
    const key = `${row.sealedHmacSecret} ${row.sealedPreviousHmacSecret} ${row.previousSecretValidUntil}`;
    if (known && known.version === key) {
      known.checkedAt = revision;
      return known;
    }
    const fresh: CachedSecrets = {
      version: key,
      checkedAt: revision,
      current: row.sealedHmacSecret === null ? undefined : secretBox.open(row.sealedHmacSecret),
      previous:
        row.sealedPreviousHmacSecret === null ? undefined : secretBox.open(row.sealedPreviousHmacSecret),
      previousValidUntil:
        row.previousSecretValidUntil === null ? 0 : Date.parse(row.previousSecretValidUntil),
    };
    cache.set(plantId, fresh);
    return fresh;
  };

  return {
    accepted(plantId) {
      const secrets = load(plantId);
      if (!secrets?.current) return [];
      if (secrets.previous !== undefined && clock.now().getTime() < secrets.previousValidUntil) {
        return [secrets.current, secrets.previous];
      }
      return [secrets.current];
    },
    current: (plantId) => load(plantId)?.current,
    forget(plantId) {
      if (plantId === undefined) cache.clear();
      else cache.delete(plantId);
    },
  };
}
