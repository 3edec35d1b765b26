/**
 * The package files of a bulk run with `--provision`: `DIR/voke-<serialNumber>.json`, mode 0600. A
 * file holding another plant's package is left alone and the row fails; a file of the same plant is
 * replaced when it does not hold the plant's current credentials.
 */

import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { packageFileName } from "../../provision/secret-output.ts";

/** `DIR/voke-<serialNumber>.json`, named as the server's download names it. */
export function packagePath(outDir: string, serialNumber: string): string {
  return join(outDir, packageFileName(serialNumber));
}

export interface PackageFile {
  /** The file's text; undefined when there is no file. */
  text?: string;
  /** The plant id the file's package names; "" for a file that is not a package; undefined when missing. */
  holder?: string;
}

/** What is at `path` now. */
export async function packageFileContents(path: string): Promise<PackageFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    return { holder: "" };
  }
  try {
    const pkg = JSON.parse(text) as { plantId?: unknown; security?: unknown };
    const holder = typeof pkg.plantId === "string" && typeof pkg.security === "object" ? pkg.plantId : "";
    return { text, holder };
  } catch {
    return { text, holder: "" };
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
