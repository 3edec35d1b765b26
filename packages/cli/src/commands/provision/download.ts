/**
 * `voke provision download ID`: the plant's current provisioning package (provisioned first if it never
 * was), written to `./voke-<serialNumber>.json` (mode 0600) or `--file`, or to stdout with `--stdout`.
 */

import * as z from "zod/mini";
import { writeSecretFile } from "../../config/secret-file.ts";
import type { CommandDeps } from "../../factory.ts";
import { uuid } from "../../flags/schemas.ts";
import { checkOneDestination, checkSecretTarget, packageText } from "./secret-output.ts";

export const flags = z.object({
  plantId: uuid,
  file: z.optional(z.string().check(z.minLength(1, { error: "must name a file" }))),
  stdout: z._default(z.boolean(), false),
  force: z._default(z.boolean(), false),
});

export type Options = z.infer<typeof flags>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  checkOneDestination(opts.file, opts.stdout, "--file");
  if (opts.file !== undefined) await checkSecretTarget(opts.file, opts.force);
  const client = await deps.client();
  const { data, filename } = await client.plants.downloadProvisioning(opts.plantId);
  if (opts.stdout) {
    deps.printer.text(packageText(data));
    return;
  }
  const path = opts.file ?? filename;
  const absolute = await checkSecretTarget(path, opts.force);
  await writeSecretFile(absolute, packageText(data), { force: opts.force });
  await deps.printer.item({ plantId: data.plantId, file: absolute, authMethod: data.authMethod });
}
