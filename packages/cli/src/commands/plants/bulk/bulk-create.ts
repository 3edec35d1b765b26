/**
 * `voke plants create --from-file F [--provision --out-dir DIR [--reissue]] [--concurrency N]`: checks
 * the whole file first (nothing is sent for a broken one), then streams its rows to the API with
 * bounded concurrency, prints one NDJSON result per row as it finishes, and exits 8 when any row
 * failed. Safe to re-run after a crash (see keys.ts); stops with exit 1 when the server cannot be
 * reached, saying how to resume.
 */

import { randomBytes } from "node:crypto";
import { mkdir, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { VokeConnectionError } from "@voke/sdk";
import { ExitCode, ExitError, UsageError } from "../../../errors.ts";
import type { CommandDeps } from "../../../factory.ts";
import { withSpinner } from "../../../io/spinner.ts";
import { createBulkReporter } from "../bulk-terminal.ts";
import { openBulkInput } from "./bulk-input.ts";
import { createKnownPlants } from "./known-plants.ts";
import { removeOrphanedPackages } from "./package-files.ts";
import { runPool } from "./pool.ts";
import { createRowRunner, errorText, type RowResult, type RowStatus } from "./row-runner.ts";

export interface BulkCreateOptions {
  /** The CSV or JSONL file, or `-` for stdin. */
  file: string;
  /** Provision each plant into this directory; undefined to only create. */
  outDir: string | undefined;
  /** With an out dir: issue new credentials to plants that already have some. */
  reissue?: boolean;
  concurrency: number;
}

/** Page size for reading the existing plants: the API's maximum, fewest round trips. */
const LIST_PAGE_SIZE = 100;
/** Rows in a row that could not reach the server before the run stops. */
export const MAX_CONSECUTIVE_CONNECTION_FAILURES = 3;

/** Makes the out dir and proves it takes new files, before any credentials are issued. */
async function prepareOutDir(outDir: string): Promise<void> {
  const probe = join(outDir, `.voke-probe-${randomBytes(6).toString("hex")}.tmp`);
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    await (await open(probe, "wx", 0o600)).close();
    await rm(probe, { force: true });
  } catch (error) {
    throw new UsageError(`cannot use --out-dir ${outDir}: ${(error as Error).message}`);
  }
}

type Tally = Record<RowStatus, number> & { createdByRun: number };

/** `40 rows: 37 created, 1 already existed, 2 failed`; with --provision, how each package came. */
function summary(tally: Tally, done: number, provisioning: boolean): string {
  const existed = done - tally.failed - tally.createdByRun;
  const packages = provisioning
    ? `; packages: ${tally.provisioned} provisioned, ${tally.downloaded} downloaded (current), ${tally.reissued} reissued`
    : "";
  return `${done} rows: ${tally.createdByRun} created, ${existed} already existed${packages}, ${tally.failed} failed`;
}

/**
 * V8 grows its young generation with the allocation rate of a long run (to 128 MiB on a 100,000-row
 * file), so a bulk run's memory would grow with the file although almost nothing stays alive. Keeping
 * the young generation at its starting size holds memory flat; bench/bulk.ts shows no loss of speed.
 */
function holdYoungGenerationSize(): void {
  // Read through getBuiltinModule: the bundler's built-in plugin matches names without digits only.
  process.getBuiltinModule("node:v8").setFlagsFromString("--semi-space-growth-factor=1");
}

export async function runBulkCreate(opts: BulkCreateOptions, deps: CommandDeps): Promise<void> {
  const { io } = deps;
  holdYoungGenerationSize();
  if (opts.reissue && opts.outDir === undefined) {
    throw new UsageError("--reissue works with --provision --out-dir: it says to issue new credentials");
  }
  const fileName = opts.file === "-" ? "stdin" : opts.file;
  const input = await openBulkInput(opts.file, io.stdin);
  if (input.rowCount === 0) {
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
    outDir: opts.outDir,
    reissue: opts.reissue ?? false,
    scanStartedAt,
  });

  // A progress bar and a summary table on a terminal, NDJSON otherwise (../bulk-terminal.ts).
  const reporter = createBulkReporter(
    deps,
    input.rowCount,
    opts.outDir === undefined ? "creating" : "provisioning",
  );
  const tally: Tally = {
    created: 0,
    exists: 0,
    provisioned: 0,
    downloaded: 0,
    reissued: 0,
    failed: 0,
    createdByRun: 0,
  };
  let done = 0;
  let unreachable: VokeConnectionError | undefined;
  let consecutive = 0;
  const report = (result: RowResult) => {
    reporter.row(result);
    done++;
    tally[result.status]++;
    if (result.status === "created" || result.created) tally.createdByRun++;
  };

  try {
    await runPool(
      input.rows(),
      opts.concurrency,
      async (row) => {
        try {
          report(await runRow(row));
          consecutive = 0;
        } catch (error) {
          if (!(error instanceof VokeConnectionError)) throw error;
          report({
            row: row.row,
            serialNumber: row.body?.serialNumber ?? row.serialNumber,
            status: "failed",
            id: null,
            error: errorText(error),
          });
          if (++consecutive >= MAX_CONSECUTIVE_CONNECTION_FAILURES) unreachable = error;
        }
      },
      () => unreachable !== undefined,
    );
  } finally {
    await reporter.done();
  }
  io.info(summary(tally, done, opts.outDir !== undefined));
  if (unreachable) {
    throw new ExitError(
      ExitCode.error,
      `stopped after ${done} of ${input.rowCount} rows: the server cannot be reached (${unreachable.message}); ` +
        "run the same command again to resume: rows already done are not repeated",
      { code: "SERVER_UNREACHABLE" },
    );
  }
  if (tally.failed > 0) throw new ExitError(ExitCode.partial);
}
