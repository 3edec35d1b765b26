/**
 * Renders rows as a borderless aligned table for terminals, fitted to the terminal's width like gh
 * (columns give way by rank, long values end in `…`, nothing wraps), or as TSV lines for pipes.
 */

import { dropRank, headerFor, isCuttable, relativeTime, stateColor } from "./columns.ts";
import { inertCell } from "./inert.ts";
import type { Styles } from "./styles.ts";
import { padEnd, textWidth, truncate } from "./text-width.ts";

export interface TableOptions {
  colors: Styles;
  /** The terminal's width to fit in; undefined (a pipe asked for `-o table`): as wide as the data. */
  width?: number | undefined;
  /** Shows ISO times relative to this instant (on a terminal); undefined keeps them as they are. */
  now?: number | undefined;
}

const GAP = 2;
/** The narrowest a cut column gets (unless its header is wider). */
const MIN_CUT_WIDTH = 10;

/** Which columns to show and how wide, so that the table fits `width`. */
function layout(paths: readonly string[], natural: readonly number[], width: number | undefined) {
  let shown = paths.map((_, index) => index);
  const widths = [...natural];
  if (width === undefined) return { shown, widths };
  const minimum = (i: number) =>
    isCuttable(paths[i] as string, natural[i] as number)
      ? Math.min(natural[i] as number, Math.max(MIN_CUT_WIDTH, textWidth(headerFor(paths[i] as string))))
      : (natural[i] as number);
  const total = (columns: number[], of: (i: number) => number) =>
    columns.reduce((sum, i) => sum + of(i), 0) + GAP * (columns.length - 1);
  while (shown.length > 1 && total(shown, minimum) > width) {
    const drop = shown.reduce((a, b) =>
      dropRank(paths[b] as string, b) > dropRank(paths[a] as string, a) ? b : a,
    );
    shown = shown.filter((i) => i !== drop);
  }
  let excess = total(shown, (i) => widths[i] as number) - width;
  while (excess > 0) {
    // Cut the widest column that can still give; when none can, cut the widest of all.
    const candidates = shown.filter((i) => (widths[i] as number) > minimum(i));
    const pool = candidates.length > 0 ? candidates : shown.filter((i) => (widths[i] as number) > 1);
    if (pool.length === 0) break;
    const widest = pool.reduce((a, b) => ((widths[b] as number) > (widths[a] as number) ? b : a));
    widths[widest] = (widths[widest] as number) - 1;
    excess--;
  }
  return { shown, widths };
}

/**
 * A table with upper-case human headers (bold on colour terminals) and two spaces between columns.
 *
 * ```ts
 * renderTable(["id", "lastSeenAt"], rows, { colors, width: 80, now: Date.now() }); // "ID  LAST SEEN\n…"
 * ```
 */
export function renderTable(
  paths: readonly string[],
  rows: readonly string[][],
  options: TableOptions,
): string {
  const { colors, now } = options;
  const headers = paths.map(headerFor);
  const cells = rows.map((row) =>
    paths.map((_, i) => inertCell(now === undefined ? (row[i] ?? "") : relativeTime(row[i] ?? "", now))),
  );
  const natural = headers.map((header, i) =>
    Math.max(textWidth(header), ...cells.map((row) => textWidth(row[i] as string))),
  );
  const { shown, widths } = layout(paths, natural, options.width);
  const line = (texts: string[], style: (text: string) => string) =>
    shown
      .map((i) => {
        const text = truncate(texts[i] as string, widths[i] as number);
        return style(text) + " ".repeat(Math.max(0, (widths[i] as number) - textWidth(text)));
      })
      .join(" ".repeat(GAP))
      .trimEnd();
  const head = line(headers, (text) => colors.bold(text));
  const body = cells.map((row) => line(row, (text) => stateColor(text, colors)));
  return `${[head, ...body].join("\n")}\n`;
}

/** Aligned `label  value` lines for one resource on a terminal, empty values left out (see printer.item). */
export function renderFacts(facts: readonly [string, string][], options: TableOptions): string {
  const labelWidth = Math.max(0, ...facts.map(([label]) => textWidth(label)));
  const valueWidth = options.width === undefined ? undefined : Math.max(8, options.width - labelWidth - GAP);
  return facts
    .map(([label, raw]) => {
      const shown = inertCell(options.now === undefined ? raw : relativeTime(raw, options.now));
      const text = valueWidth === undefined ? shown : truncate(shown, valueWidth);
      return `${options.colors.bold(padEnd(label, labelWidth))}${" ".repeat(GAP)}${stateColor(text, options.colors)}`.trimEnd();
    })
    .map((line) => `${line}\n`)
    .join("");
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
