/** Flags many verbs take, declared once so `--limit` or `--yes` read and check the same everywhere. */

import { flag } from "./declare.ts";
import { int } from "./values.ts";

/** `--page`, `--limit`, `--all` for list verbs: `flags: { ...pageFlags, status: ... }`. */
export const pageFlags = {
  page: flag.parsed("n", "page to fetch, from 1 (default 1)", int(1)),
  limit: flag.parsed("n", "items per page, 1-100 (default 20)", int(1, 100)),
  all: {
    ...flag.switch("fetch every page; json and ndjson stream items as pages arrive"),
    conflicts: "page",
  },
};

/** `-y, --yes` for destructive verbs: needed when there is no terminal to ask on. */
export const yesFlag = {
  ...flag.switch("do not ask for confirmation (required when stdin or stdout is not a terminal)"),
  short: "y",
};

/** `--force` for verbs that write files: replace an existing file. */
export const forceFlag = flag.switch("overwrite an existing file");
