/** Yes/no questions, asked only when a person is there to answer (stdin and stdout are terminals). */

import { createInterface } from "node:readline/promises";
import { UsageError } from "../errors.ts";
import type { IOStreams } from "./streams.ts";

/**
 * Asks `question [y/N]` on stderr and reads the answer from stdin. Without a terminal (pipes, CI)
 * it refuses with a usage error that names the flag to pass instead, e.g. `--yes`.
 *
 * ```ts
 * if (!opts.yes && !(await confirm(deps.io, `Revoke plant ${id}?`, "--yes"))) throw new ExitError(ExitCode.error, "cancelled");
 * ```
 */
export async function confirm(io: IOStreams, question: string, flag = "--yes"): Promise<boolean> {
  if (!io.canPrompt) {
    throw new UsageError(
      `${question.replace(/\?$/, "")}: refusing to prompt without a terminal; pass ${flag} to confirm`,
      {
        code: "CONFIRMATION_REQUIRED",
      },
    );
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
