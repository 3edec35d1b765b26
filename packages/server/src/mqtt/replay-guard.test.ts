// Freshness checks over a real database: clock skew, nonce reuse within ten minutes, and nonces kept across a restart.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixedClock } from "../clock.ts";
import { silentLogger } from "../logger.ts";
import { openStore, type Store } from "../storage/store.ts";
import { createReplayGuard } from "./replay-guard.ts";
import { createWriteBatch } from "./write-batch.ts";

let store: Store;
const plantId = randomUUID();
const clock = createFixedClock("2025-06-01T12:00:00.000Z");

beforeEach(() => {
  store = openStore(":memory:");
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

/** A guard whose fresh nonces are queued on a batch, as the device inbox does. */
function guard() {
  const batch = createWriteBatch(store.db, silentLogger);
  const replayGuard = createReplayGuard({ nonces: store.seenNonces, clock });
  const check: typeof replayGuard.check = (plant, ts, nonce) => {
    const result = replayGuard.check(plant, ts, nonce);
    if (result.ok) batch.add(result.record);
    return result;
  };
  return { batch, guard: { check, prune: () => replayGuard.prune() } };
}

describe("replay guard", () => {
  it("accepts a time within five minutes either way and refuses one beyond", () => {
    const { guard: check } = guard();
    const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();
    expect(check.check(plantId, at(-5 * 60_000), randomUUID())).toMatchObject({ ok: true });
    expect(check.check(plantId, at(5 * 60_000), randomUUID())).toMatchObject({ ok: true });
    expect(check.check(plantId, at(-5 * 60_000 - 1), randomUUID())).toMatchObject({
      ok: false,
      reason: "STALE",
    });
    expect(check.check(plantId, at(5 * 60_000 + 1), randomUUID())).toMatchObject({
      ok: false,
      reason: "STALE",
    });
  });

  it("refuses malformed times and nonces", () => {
    const { guard: check } = guard();
    const ts = clock.now().toISOString();
    for (const bad of [undefined, 17, "yesterday", "2025-06-01", "2025-06-01T12:00:00"]) {
      expect(check.check(plantId, bad, randomUUID())).toMatchObject({ reason: "STALE" });
    }
    for (const bad of [undefined, 12345678, "short", "x".repeat(65), "has space1"]) {
      expect(check.check(plantId, ts, bad)).toMatchObject({ reason: "BAD_NONCE" });
    }
    expect(check.check(plantId, "2025-06-01T14:00:00+02:00", "nonce-with-zone")).toMatchObject({ ok: true });
  });

  it("refuses a nonce seen in the last ten minutes, before and after it is written", () => {
    const { guard: check, batch } = guard();
    const ts = clock.now().toISOString();
    expect(check.check(plantId, ts, "nonce-0001")).toMatchObject({ ok: true });
    expect(check.check(plantId, ts, "nonce-0001")).toMatchObject({ ok: false, reason: "REPLAY" });
    batch.flush();
    clock.advance(9 * 60_000);
    expect(check.check(plantId, clock.now().toISOString(), "nonce-0001")).toMatchObject({ reason: "REPLAY" });
    clock.advance(60_000 + 1);
    expect(check.check(plantId, clock.now().toISOString(), "nonce-0001")).toMatchObject({ ok: true });
  });

  it("frees a nonce whose write was rolled back, and only that one", () => {
    const { guard: check } = guard();
    const ts = clock.now().toISOString();
    const first = check.check(plantId, ts, "nonce-rolled-back");
    const other = check.check(plantId, ts, "nonce-kept");
    if (!first.ok || !other.ok) throw new Error("both nonces are fresh");
    first.forget();
    expect(check.check(plantId, ts, "nonce-rolled-back")).toMatchObject({ ok: true });
    expect(check.check(plantId, ts, "nonce-kept")).toMatchObject({ reason: "REPLAY" });
  });

  it("remembers nonces across a restart, since they live in seen_nonces", () => {
    const first = guard();
    expect(first.guard.check(plantId, clock.now().toISOString(), "nonce-restart")).toMatchObject({
      ok: true,
    });
    first.batch.flush();
    const second = guard();
    expect(second.guard.check(plantId, clock.now().toISOString(), "nonce-restart")).toMatchObject({
      reason: "REPLAY",
    });
  });

  it("prunes nonces older than the window", () => {
    const { guard: check, batch } = guard();
    check.check(plantId, clock.now().toISOString(), "nonce-old-1");
    batch.flush();
    clock.advance(11 * 60_000);
    check.check(plantId, clock.now().toISOString(), "nonce-new-1");
    batch.flush();
    expect(check.prune()).toBe(1);
    const left = store.db.sqlite.prepare("SELECT nonce FROM seen_nonces").all();
    expect(left).toEqual([{ nonce: "nonce-new-1" }]);
  });
});
