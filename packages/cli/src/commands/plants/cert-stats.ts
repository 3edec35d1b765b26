/**
 * `voke plants cert-stats`: certificate health over the caller's MTLS plants. A table shows the
 * counts, then the at-risk plants (soonest expiry first); json gives the API's object as it is.
 */

import type { CommandDeps } from "../../factory.ts";

/** It takes no flags of its own. */
export type Options = Record<string, never>;

const AT_RISK_COLUMNS = ["id", "name", "serialNumber", "lifecycleStatus", "certificateExpiresAt"];

export async function run(_opts: Options, deps: CommandDeps): Promise<void> {
  const client = await deps.client();
  const stats = await client.plants.certificateStats();
  const { printer } = deps;
  if (printer.format !== "table") {
    await printer.item(stats);
    return;
  }
  const { atRiskPlants, ...counts } = stats;
  await printer.item({ ...counts, atRiskPlants: atRiskPlants.length });
  if (atRiskPlants.length > 0) {
    deps.io.info("\nAt-risk plants (expired or expiring within 30 days):");
    await printer.list(atRiskPlants, { columns: AT_RISK_COLUMNS });
  }
}
