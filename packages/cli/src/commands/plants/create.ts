/**
 * `voke plants create`: one plant from flags, or many from a CSV/JSONL file (`--from-file`), which
 * hands over to the bulk runner.
 */

import { UsageError } from "../../errors.ts";
import type { CommandDeps } from "../../factory.ts";
import { type OptionsOf, spelling } from "../../flags/declare.ts";
import type { createInput } from "./index.ts";
import { PLANT_COLUMNS } from "./views.ts";

export type Options = OptionsOf<typeof createInput>;

const SINGLE_FLAGS = ["name", "serialNumber", "type", "authMethod", "metadata"] as const;

export async function run(opts: Options, deps: CommandDeps): Promise<void> {
  if (opts.fromFile !== undefined) {
    const given = SINGLE_FLAGS.filter((key) => opts[key] !== undefined).map(spelling);
    if (given.length > 0) {
      throw new UsageError(
        `${given.join(", ")} cannot be combined with --from-file: the file gives each plant's fields`,
      );
    }
    if (opts.provision && opts.outDir === undefined) {
      throw new UsageError(
        "--provision needs --out-dir DIR: where each plant's package file (mode 0600) goes",
      );
    }
    if (!opts.provision && opts.outDir !== undefined) {
      throw new UsageError("--out-dir is only used with --provision");
    }
    if (opts.reissue && !opts.provision) {
      throw new UsageError("--reissue is only used with --provision --out-dir");
    }
    const { runBulkCreate } = await import("./bulk/bulk-create.ts");
    await runBulkCreate(
      {
        file: opts.fromFile,
        outDir: opts.provision ? opts.outDir : undefined,
        reissue: opts.reissue,
        concurrency: opts.concurrency,
      },
      deps,
    );
    return;
  }
  if (opts.provision || opts.outDir !== undefined || opts.reissue) {
    throw new UsageError(
      "--provision, --out-dir and --reissue work with --from-file; for one plant run `voke provision create PLANT_ID` after creating it",
    );
  }
  const missing = (["name", "serialNumber", "type"] as const)
    .filter((key) => opts[key] === undefined)
    .map(spelling);
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.join(", ")} (required unless --from-file is given)`);
  }
  const client = await deps.client();
  const plant = await client.plants.create({
    name: opts.name as string,
    serialNumber: opts.serialNumber as string,
    type: opts.type as NonNullable<Options["type"]>,
    ...(opts.authMethod === undefined ? {} : { authMethod: opts.authMethod }),
    ...(opts.metadata === undefined ? {} : { metadata: opts.metadata }),
  });
  await deps.printer.item(plant, { columns: PLANT_COLUMNS });
}
