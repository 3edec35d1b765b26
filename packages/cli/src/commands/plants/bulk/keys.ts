/**
 * Idempotency keys for bulk rows. A key depends on the row's number and content and on the step, so
 * re-running a file (or a subset or superset of it with the same leading rows) after a crash replays
 * the server's first answers instead of acting twice, while an edited row gets a fresh key. Keys do
 * not depend on the whole file, so rows can be sent while the file is still being read.
 */

import { createHash } from "node:crypto";
import type { PlantRow } from "./rows.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * `voke-bulk-create-<sha256>` for a row's create, `attempt` > 0 when an earlier answer for the key
 * named a plant that has since been deleted.
 */
export function createKey(row: PlantRow, attempt = 0): string {
  return `voke-bulk-create-${sha256(`${row.row}\n${row.content}\ncreate\n${attempt}`)}`;
}

/** `voke-bulk-provision-<sha256>`: first credentials of a plant, bound to its id. */
export function provisionKey(row: PlantRow, plantId: string): string {
  return `voke-bulk-provision-${sha256(`${row.row}\n${row.content}\nprovision\n${plantId}`)}`;
}

/** `voke-bulk-reissue-<sha256>`: `--reissue`, so a re-run after a crash does not re-issue twice. */
export function reissueKey(row: PlantRow, plantId: string): string {
  return `voke-bulk-reissue-${sha256(`${row.row}\n${row.content}\nreissue\n${plantId}`)}`;
}
