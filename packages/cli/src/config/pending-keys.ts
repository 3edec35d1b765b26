/**
 * Idempotency-Keys of secret-making calls (rotate-secret, provision) whose secret has not been saved
 * yet, kept in the config directory (`pending/`, mode 0700/0600; keys only, never secrets). When the
 * server answered but the file could not be written, running the same command again sends the same
 * key, and the server hands back the same new secret instead of making another one.
 */

import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeSecretFile } from "./secret-file.ts";

/** The server keeps keys for 24 hours; a little less, so a reused key is always still known. */
const KEY_LIFETIME_MS = 23 * 3_600_000;

export interface PendingKey {
  /** The key to send. */
  key: string;
  /** Whether it comes from an earlier run that did not finish. */
  resumed: boolean;
  /** Forget the key: the secret is safely written (or the key is of no more use). */
  settle(): Promise<void>;
  /** Why the key could not be recorded (the config directory is not writable), if it could not. */
  unsaved?: string;
}

/**
 * The key for `operation` on `plantId` into `target`: the pending one when an earlier run left it,
 * otherwise a new one, recorded before the call is made.
 *
 * @example const pending = await pendingKey(configDir, "rotate-secret", plantId, absolutePath, Date.now());
 */
export async function pendingKey(
  dir: string,
  operation: string,
  plantId: string,
  target: string,
  now: number,
): Promise<PendingKey> {
  const pendingDir = join(dir, "pending");
  const name = createHash("sha256").update(`${operation}\n${plantId}\n${target}`).digest("hex").slice(0, 32);
  const path = join(pendingDir, `${name}.json`);
  const settle = () => rm(path, { force: true });
  try {
    const saved = JSON.parse(await readFile(path, "utf8")) as { key?: unknown; createdAt?: unknown };
    if (
      typeof saved.key === "string" &&
      typeof saved.createdAt === "number" &&
      now - saved.createdAt < KEY_LIFETIME_MS
    ) {
      return { key: saved.key, resumed: true, settle };
    }
  } catch {
    // No pending key (or an unreadable one): start afresh.
  }
  const key = `voke-${operation}-${randomUUID()}`;
  try {
    await mkdir(pendingDir, { recursive: true, mode: 0o700 });
    await writeSecretFile(path, JSON.stringify({ key, createdAt: now, operation, plantId, target }), {
      force: true,
    });
  } catch (error) {
    return { key, resumed: false, settle: async () => {}, unsaved: (error as Error).message };
  }
  return { key, resumed: false, settle };
}
