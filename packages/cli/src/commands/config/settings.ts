/** The settings `voke config` reads and writes, and how each is checked and shown. */

import type { ProfileField } from "../../config/profiles.ts";
import { checkApiUrl, maskToken, type ResolvedConfig } from "../../config/resolve.ts";
import { UsageError } from "../../errors.ts";
import { isOutputFormat, outputFormats } from "../../io/printer.ts";

/** Settings a profile stores through `config set` (the token goes through `voke login`). */
export const writableSettings = {
  "api-url": {
    field: "apiUrl",
    check: (value: string) => checkApiUrl(value, "`voke config set api-url`"),
  },
  output: {
    field: "output",
    check: (value: string) => {
      if (!isOutputFormat(value)) throw new UsageError(`output must be one of ${outputFormats.join(", ")}`);
      return value;
    },
  },
} as const satisfies Record<string, { field: ProfileField; check: (value: string) => string }>;

export type WritableSetting = keyof typeof writableSettings;

/** One row of `config list`: the value in force (token masked) and its source. */
export function settingRows(config: ResolvedConfig) {
  const token = config.token.value;
  return [
    { key: "api-url", value: config.apiUrl.value, source: config.apiUrl.origin },
    { key: "output", value: config.output.value, source: config.output.origin },
    { key: "profile", value: config.profile.value, source: config.profile.origin },
    { key: "token", value: token === undefined ? null : maskToken(token), source: config.token.origin },
  ];
}
