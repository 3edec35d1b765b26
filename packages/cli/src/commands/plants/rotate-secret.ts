/**
 * `voke plants rotate-secret ID --secret-file FILE`: a new HMAC secret, written alone (no newline) to
 * FILE with mode 0600, or printed with `--stdout`; the previous one works for `gracePeriodMinutes`.
 */

import { ExitCode, ExitError, UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import { checkOneDestination, checkSecretTarget } from "../provision/secret-output.ts";
import { saveSecret } from "../provision/secret-save.ts";
import type { rotateSecretInput } from "./index.ts";

export type Options = OptionsOf<typeof rotateSecretInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  checkOneDestination(opts.secretFile, opts.stdout, "--secret-file");
  if (opts.secretFile === undefined && !opts.stdout) {
    throw new UsageError(
      "pass --secret-file FILE to save the new secret (mode 0600), or --stdout to print it",
    );
  }
  // Checked before rotating: a new secret that cannot be saved would be lost once the grace period ends.
  const absolute =
    opts.secretFile === undefined ? undefined : await checkSecretTarget(opts.secretFile, opts.force);
  const client = await deps.client();
  if (absolute === undefined) {
    const rotated = await client.plants.rotateSecret(opts.plantId);
    await deps.printer.item({ plantId: opts.plantId, ...rotated });
    return;
  }
  const rotated = await saveSecret(
    {
      operation: "rotate-secret",
      plantId: opts.plantId,
      file: absolute,
      force: opts.force,
      call: (idempotencyKey) => client.plants.rotateSecret(opts.plantId, { idempotencyKey }),
      contents: (result) => result.hmacSecret,
      superseded: () => {
        throw new ExitError(
          ExitCode.conflict,
          "the secret an interrupted run made has been replaced since (rotated again or re-provisioned); " +
            `the plant's current secret is in its package: voke provision download ${opts.plantId}`,
          { code: "CREDENTIALS_SUPERSEDED" },
        );
      },
    },
    deps,
  );
  await deps.printer.item({
    plantId: opts.plantId,
    file: absolute,
    gracePeriodMinutes: rotated.gracePeriodMinutes,
  });
  deps.io.info(`The previous secret keeps working for ${rotated.gracePeriodMinutes} minutes.`);
}
