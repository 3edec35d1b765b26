/**
 * `voke plants rotate-secret ID --secret-file FILE`: a new HMAC secret, written alone (no newline) to
 * FILE with mode 0600, or printed with `--stdout`; the previous one works for `gracePeriodMinutes`.
 */

import * as z from "zod/mini";
import { writeSecretFile } from "../../config/secret-file.ts";
import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { checkOneDestination, checkSecretTarget } from "../provision/secret-output.ts";

export const flags = z.object({
  plantId: uuid,
  secretFile: z.optional(z.string().check(z.minLength(1, { error: "must name a file" }))),
  stdout: z._default(z.boolean(), false),
  force: z._default(z.boolean(), false),
});

export type Options = z.infer<typeof flags>;

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
  const rotated = await client.plants.rotateSecret(opts.plantId);
  if (absolute === undefined) {
    await deps.printer.item({ plantId: opts.plantId, ...rotated });
    return;
  }
  await writeSecretFile(absolute, rotated.hmacSecret, { force: opts.force });
  await deps.printer.item({
    plantId: opts.plantId,
    file: absolute,
    gracePeriodMinutes: rotated.gracePeriodMinutes,
  });
  deps.io.info(`The previous secret keeps working for ${rotated.gracePeriodMinutes} minutes.`);
}
