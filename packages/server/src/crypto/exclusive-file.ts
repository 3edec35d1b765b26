// Creates a file all at once and only if it does not exist yet, so a crash or a second server never leaves a
// half-written key nor replaces an existing one.
import { randomBytes } from "node:crypto";
import { link, open, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** The target already existed: someone else created it first. */
export class FileExistsError extends Error {
  override readonly name = "FileExistsError";
  readonly path: string;
  constructor(path: string) {
    super(`${path} already exists; refusing to replace it`);
    this.path = path;
  }
}

/**
 * Writes `data` to a temporary file with exactly `mode`, flushes it, then hard-links it into place. Linking
 * fails rather than replacing an existing file, and readers only ever see the complete content.
 *
 * @example await createFileExclusively("/data/encryption.key", key, 0o600);
 */
export async function createFileExclusively(
  path: string,
  data: string | Uint8Array,
  mode: number,
): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(6).toString("hex")}`;
  try {
    const handle = await open(temp, "wx", mode);
    try {
      // The umask may have removed bits from `mode`; set it exactly.
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new FileExistsError(path);
      throw error;
    }
  } finally {
    await rm(temp, { force: true });
  }
  await syncDirectory(dirname(path));
}

/** Makes the new directory entry durable; some platforms cannot open a directory, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the entry is best effort; the content itself was already flushed.
  }
}
