/** Renders rows as a borderless aligned table (cli-table3) for terminals, or as TSV lines for pipes. */

import type { Styles } from "./styles.ts";

/**
 * A table with an upper-case bold header row and two spaces between columns, like `gh`.
 * cli-table3 loads only here, so piped and JSON output never pay for it.
 */
export async function renderTable(
  headers: readonly string[],
  rows: readonly string[][],
  colors: Styles,
): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: headers.map((header) => colors.bold(header.toUpperCase())),
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "  ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  for (const row of rows) table.push(row);
  return `${table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")}\n`;
}

/** Escapes tabs and line breaks so every record stays on one TSV line, with the full value kept. */
function tsvCell(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replaceAll("\t", "\\t")
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r");
}

/** One tab-separated line, for scripts reading piped output (`cut -f2`). */
export function tsvLine(cells: readonly string[]): string {
  return `${cells.map(tsvCell).join("\t")}\n`;
}
