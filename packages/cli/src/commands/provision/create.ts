/**
 * `voke provision create ID`: issues fresh credentials (the old certificate is revoked) and writes the
 * package to `./voke-<serialNumber>.json` (mode 0600) or `--file`, or to stdout with `--stdout`.
 */

import type { ProvisioningPackage } from "@voke/sdk";
import type { CommandDeps } from "../../factory.ts";
import type { OptionsOf } from "../../flags/declare.ts";
import type { packageInput } from "./index.ts";
import { checkOneDestination, checkSecretTarget, packageFileName, packageText } from "./secret-output.ts";
import { saveSecret } from "./secret-save.ts";

export type Options = OptionsOf<typeof packageInput>;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  checkOneDestination(opts.file, opts.stdout, "--file");
  const client = await deps.client();
  if (opts.stdout) {
    deps.printer.text(packageText(await client.plants.provision(opts.plantId)));
    return;
  }
  // The target is settled before provisioning: provisioning revokes the current certificate, so a
  // package that cannot be saved afterwards would leave the plant without working credentials.
  const path = opts.file ?? packageFileName((await client.plants.get(opts.plantId)).serialNumber);
  const absolute = await checkSecretTarget(path, opts.force);
  const pkg: ProvisioningPackage = await saveSecret<ProvisioningPackage>(
    {
      operation: "provision",
      plantId: opts.plantId,
      file: absolute,
      force: opts.force,
      call: (idempotencyKey) => client.plants.provision(opts.plantId, { idempotencyKey }),
      contents: (result) => packageText(result),
      // The interrupted run's credentials were replaced since: save the plant's current ones.
      superseded: async () => (await client.plants.downloadProvisioning(opts.plantId)).data,
    },
    deps,
  );
  await deps.printer.item({ plantId: pkg.plantId, file: absolute, authMethod: pkg.authMethod });
}
