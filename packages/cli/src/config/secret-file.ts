/**
 * Writes secrets (tokens, provisioning packages with private keys) to files safely: created with
 * mode 0600 in a temporary file beside the target, then moved into place, never overwriting an
 * existing file unless asked.
 */

import { randomBytes } from "node:crypto";
import { access, link, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../errors.ts";

export interface SecretFileOptions {
  /** Replace an existing file (the `--force` flag). */
  force?: boolean;
}

/** The target exists and `force` was not given (exit 2: the fix is to pass `--force`). */
export class SecretFileExistsError extends UsageError {
  readonly path: string;

  constructor(path: string) {
    super(`refusing to overwrite ${path}: it already exists (pass --force to replace it)`, {
      code: "FILE_EXISTS",
    });
    this.name = "SecretFileExistsError";
    this.path = path;
  }
}

/**
 * Writes `contents` to `path` with mode 0600, atomically: readers see the old file or the whole
 * new one, never a partial write. Without `force`, an existing file is an error even if it appears
 * while we write (the final step is a hard link, which fails when the name is taken).
 *
 * ```ts
 * await writeSecretFile(`voke-${plant.serialNumber}.json`, JSON.stringify(pkg, null, 2), { force: opts.force });
 * ```
 */
export async function writeSecretFile(
  path: string,
  contents: string | Uint8Array,
  options: SecretFileOptions = {},
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(contents);
    await handle.chmod(0o600); // open's mode is masked by umask; this makes it exact
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.force) {
      await rename(temporary, path);
      return;
    }
    await linkOrRename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new SecretFileExistsError(path);
    throw error;
  }
  await rm(temporary, { force: true });
}

/** Hard-links into place; on file systems without hard links, checks and renames instead. */
async function linkOrRename(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) throw Object.assign(new Error(`${path} exists`), { code: "EEXIST" });
    await rename(temporary, path);
  }
}
