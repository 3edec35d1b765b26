/** The CA's certificate revocation list, rebuilt from the revoked_certificates table whenever it changes. */
import type { Clock } from "../clock.ts";
import type { CertificateAuthority } from "../pki/certificate-authority.ts";
import type { Store } from "../storage/store.ts";

export interface RevocationList {
  /** The current CRL (PEM); built on first use, rebuilt when it is past half its validity. */
  current(): Promise<string>;
  /** Rebuilds the CRL from the database now and returns it. */
  refresh(): Promise<string>;
}

const VALIDITY_HOURS = 24;

export function createRevocationList(deps: {
  store: Store;
  ca: CertificateAuthority;
  clock: Clock;
}): RevocationList {
  let cached: { pem: string; builtAt: number } | undefined;
  // Builds run one after another, so a slow older build never replaces a newer list.
  let queue: Promise<unknown> = Promise.resolve();

  const build = (): Promise<string> => {
    const run = queue.then(async () => {
      const now = deps.clock.now();
      const revoked = deps.store.revokedCertificates.list().map((entry) => ({
        serialNumber: entry.serialNumber,
        revokedAt: new Date(entry.revokedAt),
        reason: entry.reason,
      }));
      const pem = await deps.ca.createCrl({ revoked, now, nextUpdateHours: VALIDITY_HOURS });
      cached = { pem, builtAt: now.getTime() };
      return pem;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    async current() {
      const stale = !cached || deps.clock.now().getTime() - cached.builtAt > (VALIDITY_HOURS / 2) * 3_600_000;
      return stale || !cached ? build() : cached.pem;
    },
    refresh: build,
  };
}
