/** A progress bar for bulk runs, drawn on stderr only when stderr is a terminal and not under CI. */

import type { IOStreams } from "./streams.ts";

export interface ProgressBar {
  /** One more unit done; `failed` counts it as a failure. */
  tick(failed?: boolean): void;
  /** Draws the final state and ends the line. */
  done(): void;
}

const WIDTH = 24;

/** `label [########----------------] 12/40  2 failed`, redrawn in place at most every 50 ms. */
export function createProgressBar(io: IOStreams, total: number, label: string, now = Date.now): ProgressBar {
  if (!io.animate) return { tick() {}, done() {} };
  let completed = 0;
  let failed = 0;
  let drawnAt = 0;
  const c = io.errColors;
  const draw = () => {
    const filled = total > 0 ? Math.round((completed / total) * WIDTH) : WIDTH;
    const bar = c.green("#".repeat(filled)) + c.dim("-".repeat(WIDTH - filled));
    const failures = failed > 0 ? `  ${c.red(`${failed} failed`)}` : "";
    io.stderr.write(`\r\x1b[2K${label} [${bar}] ${completed}/${total}${failures}`);
    drawnAt = now();
  };
  draw();
  return {
    tick(wasFailure = false) {
      completed++;
      if (wasFailure) failed++;
      if (now() - drawnAt >= 50 || completed === total) draw();
    },
    done() {
      draw();
      io.stderr.write("\n");
    },
  };
}
