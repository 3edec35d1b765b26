/** The program's own flags, which every command takes: declared like a verb's (see `declare.ts`). */

import { outputFormats } from "../io/formats.ts";
import { flag } from "./declare.ts";

export const globalFlags = {
  output: {
    ...flag.choice("format", outputFormats, "output format (default table, or VOKE_OUTPUT)"),
    short: "o",
  },
  json: flag.switch("same as -o json"),
  fields: flag.text("fields", "comma-separated fields to show, in order; dots reach nested fields"),
  jq: flag.text("expression", "filter the JSON output with a jq expression (strings print raw)"),
  profile: flag.text("name", 'configuration profile (default VOKE_PROFILE or "default")'),
  apiUrl: flag.text("url", "API base URL (default VOKE_API_URL, the profile, or http://127.0.0.1:8080)"),
  // The same flag under the name login used to have: both spellings work on every command.
  url: { ...flag.text("url", "same as --api-url"), hidden: true },
  debug: flag.switch("print HTTP traces on stderr, secrets redacted"),
  color: { ...flag.switch("never colour output"), negatable: true },
};
