/**
 * The package files of a bulk run with `--provision`: `DIR/voke-<serialNumber>.json`, mode 0600. A
 * plant whose file is already there is not provisioned again (that would revoke the certificate the
 * file holds); a file holding another plant's package is left alone and the row fails.
 */

import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { packageFileName } from "../../provision/secret-output.ts";

export type PackageFileState = "missing" | "this-plant" | "other";

/** `DIR/voke-<serialNumber>.json`, named as the server's download names it. */
export function packagePath(outDir: string, serialNumber: string): string {
  return join(outDir, packageFileName(serialNumber));
}

/** Whether `path` is missing, holds `plantId`'s package, or holds something else. */
export async function packageFileState(path: string, plantId: string): Promise<PackageFileState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    return "other";
  }
  try {
    const pkg = JSON.parse(text) as { plantId?: unknown; security?: unknown };
    return pkg.plantId === plantId && typeof pkg.security === "object" ? "this-plant" : "other";
  } catch {
    return "other";
  }
}

/**
 * `.voke-<serial>.json.<12 hex>.tmp`: what writeSecretFile (config/secret-file.ts) leaves behind when
 * the process is killed between writing its temporary file and moving it into place.
 */
const ORPHANED_TEMPORARY = /^\.voke-.+\.json\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes package files half-written by an earlier run that was killed (they hold private keys).
 * Runs before any row, so it never races this run's own writes. Returns how many were removed.
 */
export async function removeOrphanedPackages(outDir: string): Promise<number> {
  const orphans = (await readdir(outDir)).filter((name) => ORPHANED_TEMPORARY.test(name));
  await Promise.all(orphans.map((name) => rm(join(outDir, name), { force: true })));
  return orphans.length;
}
