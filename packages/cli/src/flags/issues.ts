/** Turns flag validation issues into one usage error that names the flag (`--limit`) or argument. */

import { UsageError } from "../errors.ts";

/** One refused value: `{ name: "--limit", message: "must be a whole number from 1 to 100" }`. */
export interface InputIssue {
  /** As spelled on the command line: `--limit`, `<plant-id>`. */
  name: string;
  message: string;
}

/** One line per issue, each starting with the flag it is about. */
export function flagUsageError(issues: readonly InputIssue[]): UsageError {
  return new UsageError(
    issues.map((issue) => `invalid value for ${issue.name}: ${issue.message}`).join("\n"),
  );
}
