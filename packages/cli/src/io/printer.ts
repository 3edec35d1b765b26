/**
 * The one output path for command data: `-o table|json|ndjson|csv` and `--fields`, terminal vs
 * pipe. Commands hand it resources and lists; it alone writes data to stdout.
 */

import { UsageError } from "../errors.ts";
import { labelFor } from "./columns.ts";
import { csvRecord } from "./csv.ts";
import { cellText, checkFields, getPath, pickFields } from "./fields.ts";
import { isOutputFormat, type OutputFormat, outputFormats } from "./formats.ts";
import { inertJson, inertMessage } from "./inert.ts";
import type { IOStreams } from "./streams.ts";
import { renderFacts, renderTable, type TableOptions, tsvLine } from "./table.ts";

export { isOutputFormat, type OutputFormat, outputFormats } from "./formats.ts";

export interface PrinterOptions {
  format: OutputFormat;
  /** False when the format is only the built-in default; piped implicit tables become TSV. */
  formatExplicit: boolean;
  /** `--fields`: which keys/columns, in which order; dotted paths reach into nested objects. */
  fields?: readonly string[] | undefined;
  /** `--jq EXPR`: the JSON output goes through jq (the format is then json). */
  jq?: string | undefined;
}

export interface ShapeOptions {
  /** Columns (dotted paths) for table and CSV when `--fields` is not given. Default: the item's keys. */
  columns?: readonly string[];
}

export interface ListOptions extends ShapeOptions {
  /** Said on stderr, on a terminal only, when a table list is empty. Default `No results.` */
  emptyMessage?: string;
}

export interface Printer {
  readonly format: OutputFormat;
  /** Prints one resource: the object for json/ndjson, a field/value table, a one-row CSV. */
  item(value: unknown, options?: ShapeOptions): Promise<void>;
  /**
   * Prints a list. json is an array of the items, ndjson one item per line; both stream items from
   * an async iterable as they arrive, so `--all` over many pages starts printing at once.
   */
  list(items: Iterable<unknown> | AsyncIterable<unknown>, options?: ListOptions): Promise<void>;
  /**
   * Prints one record of a stream (a bulk run's per-row result) as an NDJSON line, or through `--jq`
   * when given. Records go out in the order of the calls.
   */
  record(value: unknown): Promise<void>;
  /** Writes text as it is (a config value, a completion script); on a terminal, control characters shown. */
  text(text: string): void;
  /** Writes a view rendered for this terminal, styles included; its renderer made the data inert. */
  view(text: string): void;
}

type Source = Iterable<unknown> | AsyncIterable<unknown>;

function isAsync(items: Source): items is AsyncIterable<unknown> {
  return typeof (items as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}

function topLevelKeys(items: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const item of items) {
    if (typeof item === "object" && item !== null) for (const key of Object.keys(item)) keys.add(key);
  }
  return [...keys];
}

export function createPrinter(io: IOStreams, options: PrinterOptions): Printer {
  const { fields, jq } = options;
  const format: OutputFormat = jq === undefined ? options.format : "json";
  const out = (text: string) => void io.stdout.write(text);
  /** With --jq: jq's output, made inert for a terminal (strings come out raw). */
  const throughJq = async (value: unknown) => {
    const { runJq } = await import("./jq.ts");
    outText(await runJq(JSON.stringify(value), jq as string));
  };
  /** Text for a terminal: control characters from the server made visible, never sent raw. */
  const outText = (text: string) => out(io.stdoutIsTTY ? inertMessage(text) : text);
  /** Implicit table on a pipe: plain TSV without a header, values never truncated. */
  const plain = format === "table" && !io.stdoutIsTTY && !options.formatExplicit;
  /** On a terminal: fitted to its width, times relative; `-o table` into a pipe: complete, times as they are. */
  const tableOptions = (): TableOptions => ({
    colors: io.colors,
    width: io.stdoutIsTTY ? io.columns : undefined,
    now: io.stdoutIsTTY ? Date.now() : undefined,
  });

  const shape = (item: unknown): unknown => (fields ? pickFields(item, fields) : item);
  const columnsFor = (sample: readonly unknown[], shapeOptions?: ShapeOptions): string[] => [
    ...(fields ?? shapeOptions?.columns ?? topLevelKeys(sample)),
  ];
  const rowOf = (item: unknown, columns: readonly string[]) => columns.map((c) => cellText(getPath(item, c)));

  const json = (value: unknown) => inertJson(JSON.stringify(value, null, 2));
  const compact = (value: unknown) => inertJson(JSON.stringify(value));

  async function item(value: unknown, shapeOptions?: ShapeOptions): Promise<void> {
    if (fields) checkFields([value], fields);
    if (jq !== undefined) return throughJq(shape(value));
    if (format === "json") return out(`${json(shape(value))}\n`);
    if (format === "ndjson") return out(`${compact(shape(value))}\n`);
    const columns = columnsFor([value], shapeOptions);
    if (format === "csv") return outText(csvRecord(columns) + csvRecord(rowOf(value, columns)));
    const rows = columns.map((column) => [column, cellText(getPath(value, column))]);
    if (plain) return out(rows.map((row) => tsvLine(row)).join(""));
    // Like gh's view: a label per fact, empty ones left out.
    const facts = rows
      .filter(([, text]) => text !== "")
      .map(([column, text]): [string, string] => [labelFor(column as string), text as string]);
    out(renderFacts(facts, tableOptions()));
  }

  async function streamed(items: AsyncIterable<unknown>, listOptions?: ListOptions): Promise<void> {
    let count = 0;
    let columns: string[] = [];
    for await (const value of items) {
      if (count === 0) {
        if (fields) checkFields([value], fields);
        columns = columnsFor([value], listOptions);
        if (format === "json") out("[");
        if (format === "csv") outText(csvRecord(columns));
      }
      if (format === "json")
        out(`${count === 0 ? "" : ","}\n  ${json(shape(value)).replaceAll("\n", "\n  ")}`);
      else if (format === "ndjson") out(`${compact(shape(value))}\n`);
      else outText(csvRecord(rowOf(value, columns)));
      count++;
    }
    if (format === "json") out(count === 0 ? "[]\n" : "\n]\n");
    if (format === "csv" && count === 0 && (fields ?? listOptions?.columns))
      out(csvRecord(columnsFor([], listOptions)));
  }

  async function list(items: Source, listOptions?: ListOptions): Promise<void> {
    if (isAsync(items) && format !== "table" && jq === undefined) return streamed(items, listOptions);
    const all: unknown[] = [];
    if (isAsync(items)) for await (const value of items) all.push(value);
    else all.push(...items);
    if (fields) checkFields(all, fields);
    if (jq !== undefined) return throughJq(all.map(shape));
    if (format === "json") return out(`${json(all.map(shape))}\n`);
    if (format === "ndjson") return out(all.map((value) => `${compact(shape(value))}\n`).join(""));
    const columns = columnsFor(all, listOptions);
    const rows = all.map((value) => rowOf(value, columns));
    if (format === "csv") {
      if (columns.length > 0) outText(csvRecord(columns) + rows.map((row) => csvRecord(row)).join(""));
      return;
    }
    if (all.length === 0) {
      if (io.stdoutIsTTY) io.info(listOptions?.emptyMessage ?? "No results.");
      return;
    }
    if (plain) return out(rows.map((row) => tsvLine(row)).join(""));
    out(renderTable(columns, rows, tableOptions()));
  }

  // --jq runs asynchronously: chain the records so they leave in the order they came.
  let records: Promise<void> = Promise.resolve();
  const record = (value: unknown): Promise<void> => {
    if (jq === undefined) {
      out(`${compact(shape(value))}\n`);
      return records;
    }
    records = records.then(() => throughJq(shape(value)));
    return records;
  };

  return { format, item, list, record, text: outText, view: out };
}

/** Resolves `-o` and `--json` into one format; both at once must agree. */
export function outputFlag(
  output: string | undefined,
  jsonFlag: boolean | undefined,
): OutputFormat | undefined {
  if (output !== undefined && !isOutputFormat(output)) {
    throw new UsageError(
      `invalid value for --output: "${output}" (expected one of ${outputFormats.join(", ")})`,
    );
  }
  if (jsonFlag && output !== undefined && output !== "json") {
    throw new UsageError(`--json conflicts with --output ${output}`);
  }
  return jsonFlag ? "json" : output;
}
