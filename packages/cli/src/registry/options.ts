/** Flag specs shared by many verbs, so `--limit` or `--yes` read the same everywhere. */

import type { OptionSpec } from "./define.ts";

/** `--page`, `--limit`, `--all` for list verbs; validate with `listFlags` from `flags/schemas.ts`. */
export const listOptions: readonly OptionSpec[] = [
  { flags: "--page <n>", description: "page to fetch, from 1 (default 1)" },
  { flags: "--limit <n>", description: "items per page, 1-100 (default 20)" },
  { flags: "--all", description: "fetch every page; json and ndjson stream items as pages arrive" },
];

/** `-y, --yes` for destructive verbs: needed when there is no terminal to ask on. */
export const yesOption: OptionSpec = {
  flags: "-y, --yes",
  description: "do not ask for confirmation (required when stdin or stdout is not a terminal)",
};

/** `--force` for verbs that write files: replace an existing file. */
export const forceOption: OptionSpec = { flags: "--force", description: "overwrite an existing file" };
