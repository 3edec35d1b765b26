import { describe, expect, it } from "vitest";
import { createFixedClock } from "../../clock.ts";
import { createReplayGuard } from "../../mqtt/replay-guard.ts";
import { openDatabase } from "../database.ts";
import { createSeenNonceStore } from "../seen-nonces.ts";
import { migrate, migrations } from "./index.ts";

describe("migration 6: append-only nonces", () => {
  it("keeps the nonces already seen, so an upgrade does not reopen the replay window", () => {
    const db = openDatabase(":memory:", { migrations: migrations.slice(0, 5) });
    const sqlite = db.sqlite;
    sqlite.exec(`
      INSERT INTO organizations VALUES ('org-1', 'Acme', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
      INSERT INTO plants (id, organization_id, name, serial_number, type, auth_method, created_at, updated_at)
        VALUES ('plant-1', 'org-1', 'p', 'SN-1', 'SENSOR', 'PASSWORD', 'now', 'now');
      INSERT INTO seen_nonces (plant_id, nonce, seen_at) VALUES ('plant-1', 'nonce-before-upgrade', '2025-06-01T11:59:00.000Z');
    `);

    migrate(db, migrations);

    expect(sqlite.prepare("SELECT seen_at, plant_id, nonce FROM seen_nonces").all()).toEqual([
      { seen_at: "2025-06-01T11:59:00.000Z", plant_id: "plant-1", nonce: "nonce-before-upgrade" },
    ]);
    const guard = createReplayGuard({
      nonces: createSeenNonceStore(db),
      clock: createFixedClock("2025-06-01T12:00:00.000Z"),
    });
    expect(guard.check("plant-1", "2025-06-01T12:00:00.000Z", "nonce-before-upgrade")).toMatchObject({
      reason: "REPLAY",
    });
    // Appending the same nonce twice is allowed (a rolled-back message sent again): no unique key any more.
    sqlite.exec(
      "INSERT INTO seen_nonces (seen_at, plant_id, nonce) VALUES ('2025-06-01T12:00:00.000Z', 'plant-1', 'nonce-before-upgrade')",
    );
    db.close();
  });
});
