/** Turns flag validation issues into one usage error that names the flag (`--limit`) or argument. */

import { UsageError } from "../errors.ts";
import type { FlagIssue } from "../registry/define.ts";

/** How a schema key is spelled on the command line: `limit` → `--limit`, `plantId` → `<plant-id>`. */
export type FlagNames = ReadonlyMap<string, string>;

function describe(issue: FlagIssue): string {
  const detail = issue as FlagIssue & Record<string, unknown>;
  if (issue.message && issue.message !== "Invalid input") return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return detail.received === undefined
        ? `expected ${String(detail.expected)}`
        : `expected ${String(detail.expected)}, got ${String(detail.received)}`;
    case "too_big":
      return `must be at most ${String(detail.maximum)}`;
    case "too_small":
      return `must be at least ${String(detail.minimum)}`;
    case "invalid_value":
      return `must be one of ${(detail.values as unknown[]).map(String).join(", ")}`;
    case "invalid_format":
      return `must be a valid ${String(detail.format)}`;
    default:
      return "is not valid";
  }
}

/** One line per issue, each starting with the flag it is about. */
export function flagUsageError(issues: readonly FlagIssue[], names: FlagNames): UsageError {
  const lines = issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const name = names.get(key) ?? (key ? `--${key}` : "arguments");
    const rest = issue.path.length > 1 ? ` (${issue.path.slice(1).map(String).join(".")})` : "";
    return `invalid value for ${name}${rest}: ${describe(issue)}`;
  });
  return new UsageError(lines.join("\n"));
}
