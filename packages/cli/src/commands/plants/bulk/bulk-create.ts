/**
 * `voke plants create --from-file F [--provision --out-dir DIR] [--concurrency N]`: reads every row,
 * creates (and provisions) the plants with bounded concurrency, prints one NDJSON result per row as
 * it finishes, and exits 8 when any row failed. Safe to re-run after a crash: see keys.ts.
 */

import { mkdir, readFile } from "node:fs/promises";
import { ExitCode, ExitError, UsageError } from "../../../errors.ts";
import type { CommandDeps } from "../../../factory.ts";
import { withSpinner } from "../../../io/spinner.ts";
import { readStdin } from "../../../io/stdin.ts";
import { createBulkReporter } from "../bulk-terminal.ts";
import { fileDigest } from "./keys.ts";
import { createKnownPlants } from "./known-plants.ts";
import { removeOrphanedPackages } from "./package-files.ts";
import { runPool } from "./pool.ts";
import { createRowRunner, type RowResult } from "./row-runner.ts";
import { detectFormat, readPlantRows } from "./rows.ts";

export interface BulkCreateOptions {
  /** The CSV or JSONL file, or `-` for stdin. */
  file: string;
  /** Provision each plant into this directory; undefined to only create. */
  outDir: string | undefined;
  concurrency: number;
}

/** Page size for reading the existing plants: the API's maximum, fewest round trips. */
const LIST_PAGE_SIZE = 100;

async function readInput(file: string, deps: CommandDeps): Promise<string> {
  if (file === "-") return readStdin(deps.io.stdin);
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new UsageError(`cannot read --from-file ${file}: ${reason}`);
  }
}

async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UsageError(`cannot use --out-dir ${outDir}: ${(error as Error).message}`);
  }
}

interface Tally {
  created: number;
  existed: number;
  provisioned: number;
  failed: number;
}

function count(tally: Tally, result: RowResult): void {
  if (result.status === "failed") tally.failed++;
  else if (result.status === "created" || result.created) tally.created++;
  else tally.existed++;
  if (result.status === "provisioned") tally.provisioned++;
}

/** `40 rows: 37 created, 1 already existed, 2 failed`; with --provision, how many have packages. */
function summary(tally: Tally, total: number, provisioning: boolean): string {
  const packages = provisioning ? `, ${tally.provisioned} with package files` : "";
  return `${total} rows: ${tally.created} created, ${tally.existed} already existed${packages}, ${tally.failed} failed`;
}

export async function runBulkCreate(opts: BulkCreateOptions, deps: CommandDeps): Promise<void> {
  const { io } = deps;
  const text = await readInput(opts.file, deps);
  const fileName = opts.file === "-" ? "stdin" : opts.file;
  const rows = readPlantRows(text, detectFormat(opts.file, text), fileName);
  if (rows.length === 0) {
    io.warn(`${fileName} has no data rows: nothing to do`);
    return;
  }
  if (opts.outDir !== undefined) {
    await prepareOutDir(opts.outDir);
    const removed = await removeOrphanedPackages(opts.outDir);
    if (removed > 0)
      io.info(`Removed ${removed} half-written package file(s) left in ${opts.outDir} by a killed run`);
  }

  const client = await deps.client();
  const known = createKnownPlants(() => client.plants.iterate({ limit: LIST_PAGE_SIZE }));
  const scanStartedAt = Date.now();
  await withSpinner(io, "Reading existing plants", () => known.load());
  const runRow = createRowRunner({
    plants: client.plants,
    known,
    digest: fileDigest(text),
    outDir: opts.outDir,
    scanStartedAt,
  });

  // A progress bar and a summary table on a terminal, NDJSON otherwise (../bulk-terminal.ts).
  const reporter = createBulkReporter(
    deps,
    rows.length,
    opts.outDir === undefined ? "creating" : "provisioning",
  );
  const tally: Tally = { created: 0, existed: 0, provisioned: 0, failed: 0 };
  const report = (result: RowResult) => {
    reporter.row(result);
    count(tally, result);
  };

  try {
    await runPool(rows, opts.concurrency, async (row) => report(await runRow(row)));
  } finally {
    await reporter.done();
  }
  io.info(summary(tally, rows.length, opts.outDir !== undefined));
  if (tally.failed > 0) throw new ExitError(ExitCode.partial);
}
