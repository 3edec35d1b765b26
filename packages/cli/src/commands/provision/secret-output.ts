/**
 * Where a secret goes (a provisioning package, a rotated HMAC secret): a file written with mode 0600
 * that is never overwritten without --force, or stdout only when `--stdout` asks for it. The target
 * is checked BEFORE the API call, because the call itself replaces the credentials.
 */

import { randomBytes } from "node:crypto";
import { lstat, open, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { SecretFileExistsError } from "../../config/secret-file.ts";
import { UsageError } from "../../errors.ts";

/** `voke-<serialNumber>.json`, with characters unsafe in a file name replaced (as the server names it). */
export function packageFileName(serialNumber: string): string {
  return `voke-${serialNumber.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
}

/** A provisioning package as written to a file or stdout: indented JSON and a final newline. */
export function packageText(pkg: unknown): string {
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Refuses `--file` together with `--stdout` (the flag names are the verb's). */
export function checkOneDestination(file: string | undefined, stdout: boolean, fileFlag: string): void {
  if (file !== undefined && stdout) {
    throw new UsageError(`${fileFlag} and --stdout cannot be combined: choose where the secret goes`);
  }
}

/**
 * Checks that `path` can be written, before any API call makes a secret that would otherwise be lost:
 * its directory exists and takes new files, the name is not a directory or a symbolic link (dangling
 * or not: a secret is never written through a link), and no file is there unless `force`. Throws
 * `SecretFileExistsError` (exit 2, FILE_EXISTS) or a usage error; returns the absolute path.
 */
export async function checkSecretTarget(path: string, force: boolean): Promise<string> {
  const absolute = resolve(path);
  const directory = dirname(absolute);
  const dirStat = await stat(directory).catch(() => undefined);
  if (!dirStat?.isDirectory())
    throw new UsageError(`cannot write ${path}: directory ${directory} does not exist`);
  const existing = await lstat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a directory`);
  if (existing?.isSymbolicLink()) {
    throw new UsageError(
      `cannot write ${path}: it is a symbolic link (secrets are never written through links); name the real file`,
    );
  }
  if (existing && !existing.isFile()) throw new UsageError(`cannot write ${path}: it is not a regular file`);
  if (existing && !force) throw new SecretFileExistsError(path);
  await probeDirectory(directory, path);
  return absolute;
}

/** Creates and removes a file in `directory`: the secret's own write will need the same. */
async function probeDirectory(directory: string, path: string): Promise<void> {
  const probe = join(directory, `.voke-probe-${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(probe, "wx", 0o600);
    await handle.close();
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
  await rm(probe, { force: true });
}
