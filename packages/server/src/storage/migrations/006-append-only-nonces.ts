/** seen_nonces becomes an append-only log: the replay check holds the window's nonces in memory. */
import type { Migration } from "./index.ts";

// Indexed by (plant_id, nonce), every message wrote a leaf page of its own (nonces are random): that index cost
// more than the telemetry row. The broker now reads the window back at start and checks nonces in memory, so
// the table is only appended to, in arrival order (rowid order): pruning deletes from its head and the window is
// read back with one scan, so it needs no index at all. No reference to plants: a deleted plant's nonces leave
// with the window, and no per-message lookup in plants is needed.
const sql = `
CREATE TABLE seen_nonces_log (
  seen_at   TEXT NOT NULL,
  plant_id  TEXT NOT NULL,
  nonce     TEXT NOT NULL
);
INSERT INTO seen_nonces_log (seen_at, plant_id, nonce)
  SELECT seen_at, plant_id, nonce FROM seen_nonces ORDER BY seen_at;
DROP TABLE seen_nonces;
ALTER TABLE seen_nonces_log RENAME TO seen_nonces;
`;

export const appendOnlyNonces: Migration = { version: 6, name: "append-only-nonces", sql };
