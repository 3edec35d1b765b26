/**
 * Idempotency records that survive a crash: which server process claimed a key still in flight, and
 * which credentials a completed reply handed out (so a replay never hands out dead ones).
 */
import type { Migration } from "./index.ts";

const sql = `
-- The boot id of the process handling a key whose status_code is still NULL; a marker left by another
-- (dead) process means the request never committed and may run anew.
ALTER TABLE idempotency_keys ADD COLUMN boot_id TEXT;
-- JSON naming the credentials a credential-bearing reply carries (plant, certificate serial, secret
-- stamp, token expiry); a replay checks they are still current.
ALTER TABLE idempotency_keys ADD COLUMN credential_stamp TEXT;
`;

export const idempotencyRecovery: Migration = { version: 3, name: "idempotency-recovery", sql };
