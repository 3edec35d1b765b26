/**
 * Idempotency keys for bulk rows. A key depends on the file's content, the row's number and content,
 * and the step, so re-running the same file after a crash replays the server's first answers (no
 * duplicate plants, the same provisioning package), while an edited row gets a fresh key.
 */

import { createHash } from "node:crypto";
import type { PlantRow } from "./rows.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The digest of a bulk file's text, the first part of each of its keys. */
export function fileDigest(text: string): string {
  return sha256(text);
}

/**
 * `voke-bulk-create-<sha256>` for a row's create, `attempt` > 0 when an earlier answer for the key
 * named a plant that has since been deleted.
 */
export function createKey(digest: string, row: PlantRow, attempt = 0): string {
  return `voke-bulk-create-${sha256(`${digest}\n${row.row}\n${row.content}\ncreate\n${attempt}`)}`;
}

/** `voke-bulk-provision-<sha256>`: also bound to the plant id, so a recreated plant is provisioned anew. */
export function provisionKey(digest: string, row: PlantRow, plantId: string): string {
  return `voke-bulk-provision-${sha256(`${digest}\n${row.row}\n${row.content}\nprovision\n${plantId}`)}`;
}
