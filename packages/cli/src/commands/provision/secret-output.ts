/**
 * Where a secret goes (a provisioning package, a rotated HMAC secret): a file written with mode 0600
 * that is never overwritten without --force, or stdout only when `--stdout` asks for it. The target
 * is checked BEFORE the API call, because the call itself replaces the credentials.
 */

import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
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
 * Checks that `path` can be written: its directory exists, and the file does not unless `force`.
 * Throws `SecretFileExistsError` (exit 2, FILE_EXISTS) or a usage error; returns the absolute path.
 */
export async function checkSecretTarget(path: string, force: boolean): Promise<string> {
  const absolute = resolve(path);
  const directory = dirname(absolute);
  const dirStat = await stat(directory).catch(() => undefined);
  if (!dirStat?.isDirectory())
    throw new UsageError(`cannot write ${path}: directory ${directory} does not exist`);
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a directory`);
  if (existing && !force) throw new SecretFileExistsError(path);
  return absolute;
}
