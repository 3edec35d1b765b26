/** The output formats of `-o`, apart from the printer so the global flag can offer them at start-up. */

export const outputFormats = ["table", "json", "ndjson", "csv"] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function isOutputFormat(value: string): value is OutputFormat {
  return (outputFormats as readonly string[]).includes(value);
}
