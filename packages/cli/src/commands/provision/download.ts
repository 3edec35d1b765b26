/**
 * `voke provision download ID`: the plant's current provisioning package (provisioned first if it never
 * was), written to `./voke-<serialNumber>.json` (mode 0600) or `--file`, or to stdout with `--stdout`.
 */

import { writeSecretFile } from "../../config/secret-file.ts";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { packageInput } from "./index.ts";
import { checkOneDestination, checkSecretTarget, packageFileName, packageText } from "./secret-output.ts";

export type Options = OptionsOf<typeof packageInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  checkOneDestination(opts.file, opts.stdout, "--file");
  const client = await deps.client();
  if (opts.stdout) {
    deps.printer.text(packageText((await client.plants.downloadProvisioning(opts.plantId)).data));
    return;
  }
  // The target is settled before the download, which provisions a plant that never was.
  const path = opts.file ?? packageFileName((await client.plants.get(opts.plantId)).serialNumber);
  const absolute = await checkSecretTarget(path, opts.force);
  const { data } = await client.plants.downloadProvisioning(opts.plantId);
  await writeSecretFile(absolute, packageText(data), { force: opts.force });
  await deps.printer.item({ plantId: data.plantId, file: absolute, authMethod: data.authMethod });
}
