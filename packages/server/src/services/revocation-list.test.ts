import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import { loadOrCreateCertificateAuthority } from "../pki/certificate-authority.ts";
import { X509Crl } from "../pki/x509.ts";
import { openStore, type Store } from "../storage/store.ts";
import { createRevocationList } from "./revocation-list.ts";

let store: Store;
let dir: string;
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("revocation list", () => {
  it("lists every revoked serial, is cached, and is rebuilt when refreshed or half-way stale", async () => {
    dir = mkdtempSync(join(tmpdir(), "voke-crl-"));
    store = openStore(":memory:");
    const clock = createFixedClock("2025-06-15T12:00:00.000Z");
    const ca = await loadOrCreateCertificateAuthority({ dir, now: () => clock.now() });
    const list = createRevocationList({ store, ca, clock });

    const empty = await list.current();
    expect(new X509Crl(empty).entries).toEqual([]);
    store.revokedCertificates.add({
      serialNumber: "0A1B2C",
      plantId: null,
      revokedAt: clock.now().toISOString(),
      reason: "superseded",
      notAfter: null,
    });
    expect(await list.current()).toBe(empty);
    const refreshed = await list.refresh();
    expect(new X509Crl(refreshed).entries.map((e) => e.serialNumber.toLowerCase())).toEqual(["0a1b2c"]);
    expect(await list.current()).toBe(refreshed);
    clock.advance(12 * 3_600_000 + 1);
    const rebuilt = await list.current();
    expect(rebuilt).not.toBe(refreshed);
    expect(new X509Crl(rebuilt).thisUpdate.toISOString()).toBe("2025-06-16T00:00:00.000Z");
  });
});
