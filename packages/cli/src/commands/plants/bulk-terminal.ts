/**
 * How a bulk run's per-row results reach the user. On a terminal (table output): a progress bar on
 * stderr while rows run, then a summary table; piped, or with -o json|ndjson: one NDJSON line per row
 * as it finishes, complete, for scripts. The bulk logic (bulk/) hands each result here.
 */

import type { CommandDeps } from "../../factory.ts";
import { createProgressBar } from "../../io/progress.ts";
import type { RowResult } from "./bulk/row-runner.ts";

export interface BulkReporter {
  row(result: RowResult): void;
  /** Ends the progress bar and prints the summary table (terminal only). */
  done(): Promise<void>;
}

/** Up to this many rows the table lists every row; above it, only the failed ones. */
const ALL_ROWS_UP_TO = 20;

export function createBulkReporter(deps: CommandDeps, total: number, label: string): BulkReporter {
  const { io, printer } = deps;
  if (!io.stdoutIsTTY || printer.format !== "table") {
    // NDJSON lines scrolling on the same terminal would tear a bar: then the lines are the progress.
    const progress = io.stdoutIsTTY ? { tick() {}, done() {} } : createProgressBar(io, total, label);
    // Through --jq when given; a failed jq stops the run at the end with its own error.
    let printed: Promise<void> = Promise.resolve();
    return {
      row(result) {
        printed = printer.record(result);
        printed.catch(() => {});
        progress.tick(result.status === "failed");
      },
      done: async () => {
        progress.done();
        await printed;
      },
    };
  }
  const progress = createProgressBar(io, total, label);
  const results: RowResult[] = [];
  let seen = 0;
  return {
    row(result) {
      // Memory must not grow with the file: past the listing limit only failed rows are kept.
      seen++;
      if (result.status === "failed" || results.length < ALL_ROWS_UP_TO) results.push(result);
      progress.tick(result.status === "failed");
    },
    async done() {
      progress.done();
      results.sort((a, b) => a.row - b.row);
      const failed = results.filter((result) => result.status === "failed");
      const shown = seen <= ALL_ROWS_UP_TO ? results : failed;
      const columns = ["row", "serialNumber", "status", "id", failed.length > 0 ? "error" : "file"];
      if (shown.length > 0)
        await printer.list(
          shown.map((result) => ({ file: null, ...result })),
          { columns },
        );
      if (shown !== results) {
        io.info(`${seen - shown.length} successful rows not listed; -o ndjson prints every result`);
      }
    },
  };
}
