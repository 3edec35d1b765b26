/**
 * Makes a secret on the server and saves it to a file without ever losing it: the destination is
 * checked first, the call carries an Idempotency-Key kept until the file is written (see
 * config/pending-keys.ts), and a write that fails after the server answered says how to get the
 * same secret back.
 */

import { VokeApiError } from "@voke/sdk";
import { configDir } from "../../config/paths.ts";
import { pendingKey } from "../../config/pending-keys.ts";
import { writeSecretFile } from "../../config/secret-file.ts";
import { ExitCode, ExitError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";

export interface SecretSave<T> {
  operation: "rotate-secret" | "provision";
  plantId: string;
  /** The absolute destination, already checked with checkSecretTarget. */
  file: string;
  force: boolean;
  /** Makes the secret, sending `idempotencyKey`. */
  call(idempotencyKey: string): Promise<T>;
  /** The file's contents. */
  contents(result: T): string;
  /** The replay was refused because its credentials were replaced since: what to do instead. */
  superseded(): Promise<T>;
}

/** Runs `save.call` and writes its secret; returns the call's result. */
export async function saveSecret<T>(save: SecretSave<T>, deps: CommandDeps): Promise<T> {
  const pending = await pendingKey(configDir(deps.env), save.operation, save.plantId, save.file, Date.now());
  if (pending.unsaved !== undefined) {
    deps.io.warn(
      `cannot record the request in ${configDir(deps.env)} (${pending.unsaved}): if saving fails, a retry makes a new secret`,
    );
  }
  if (pending.resumed) {
    deps.io.info(
      `Resuming an interrupted ${save.operation} for ${save.file}: asking for the same secret again`,
    );
  }
  let result: T;
  try {
    result = await save.call(pending.key);
  } catch (error) {
    if (!(error instanceof VokeApiError) || error.code !== "CREDENTIALS_SUPERSEDED") throw error;
    await pending.settle();
    result = await save.superseded();
  }
  try {
    await writeSecretFile(save.file, save.contents(result), { force: save.force });
  } catch (error) {
    throw new ExitError(
      ExitCode.error,
      `the server made the new secret but ${save.file} could not be written (${(error as Error).message}); ` +
        "fix that and run the same command again: it gets this same secret back instead of making another",
      { code: "SECRET_NOT_SAVED" },
    );
  }
  await pending.settle();
  return result;
}
