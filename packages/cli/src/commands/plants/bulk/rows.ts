/**
 * Reads a bulk file into plant rows: CSV with a header row of the create body's field names, or JSONL
 * with one object per line. Each row is checked like the API would; a bad row becomes a failed row
 * with its reason, never a crash. Problems with the file as a whole (bad header) are usage errors.
 */

import type { CreatePlantRequest } from "@voke/sdk";
import { UsageError } from "../../../errors.ts";
import { CREATE_FIELDS, createPlantBody } from "../create-body.ts";
import { CsvReader, type CsvRecord } from "./csv.ts";
import { SerialIndex } from "./serial-index.ts";

export type BulkFormat = "csv" | "jsonl";

export interface PlantRow {
  /** 1-based number among the data rows (the CSV header and blank lines do not count). */
  row: number;
  /** The row's serial number when it has one (also for rows that failed validation). */
  serialNumber: string | null;
  /** The create body, when the row is valid. */
  body?: CreatePlantRequest;
  /** Why the row cannot be created. */
  error?: string;
  /** The row as read, for its idempotency key: a changed row gets a new key. */
  content: string;
}

const REQUIRED_COLUMNS = ["name", "serialNumber", "type"];

/** `.csv` → csv, `.jsonl`/`.ndjson` → jsonl; otherwise a first `{` means JSONL. */
export function detectFormat(fileName: string, text: string): BulkFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return text.trimStart().startsWith("{") ? "jsonl" : "csv";
}

function validated(row: number, raw: Record<string, unknown>, content: string): PlantRow {
  const serialNumber = typeof raw.serialNumber === "string" ? raw.serialNumber : null;
  const checked = createPlantBody(raw);
  if ("error" in checked) return { row, serialNumber, error: checked.error, content };
  return { row, serialNumber, body: checked.body, content };
}

/** Checks the header row of a CSV bulk file; problems with it are usage errors. */
function checkHeader(header: CsvRecord | undefined, fileName: string): string[] {
  if (!header)
    throw new UsageError(`${fileName} is empty: expected a header row (name,serialNumber,type,...)`);
  if (header.error) throw new UsageError(`the header row of ${fileName} cannot be read: ${header.error}`);
  const columns = header.fields;
  const known: readonly string[] = CREATE_FIELDS;
  const unknown = columns.filter((column) => !known.includes(column));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} in ${fileName} ` +
        `(columns are the create body's field names: ${CREATE_FIELDS.join(", ")})`,
    );
  }
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0) throw new UsageError(`column "${repeated[0]}" appears twice in ${fileName}`);
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new UsageError(`${fileName} has no ${missing.map((c) => `"${c}"`).join(", ")} column (required)`);
  }
  return columns;
}

function csvRow(row: number, record: CsvRecord, columns: string[]): PlantRow {
  const content = JSON.stringify(record.fields);
  const serialAt = columns.indexOf("serialNumber");
  const serialNumber = record.fields[serialAt] ?? null;
  if (record.error) return { row, serialNumber, error: `line ${record.line}: ${record.error}`, content };
  if (record.fields.length !== columns.length) {
    const error = `line ${record.line}: has ${record.fields.length} fields, the header has ${columns.length}`;
    return { row, serialNumber, error, content };
  }
  const raw: Record<string, unknown> = {};
  for (const [at, column] of columns.entries()) {
    const cell = record.fields[at] as string;
    // An empty optional cell means "not given" (authMethod defaults to MTLS on the server).
    if (cell === "" && (column === "authMethod" || column === "metadata")) continue;
    if (column !== "metadata") {
      raw[column] = cell;
      continue;
    }
    try {
      raw.metadata = JSON.parse(cell);
    } catch {
      return {
        row,
        serialNumber,
        error: 'metadata: must be a JSON object (as text), e.g. {"site":"north"}',
        content,
      };
    }
  }
  return validated(row, raw, content);
}

function jsonlRow(row: number, line: string): PlantRow {
  const content = line.trim();
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { row, serialNumber: null, error: `not valid JSON: ${reason}`, content };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      row,
      serialNumber: null,
      error: "must be a JSON object with the create body's fields",
      content,
    };
  }
  return validated(row, value as Record<string, unknown>, content);
}

/**
 * Turns a bulk file's text, pushed in chunks as it is read, into plant rows: `push` returns the rows
 * completed so far, `end` the rest. A serial number may appear once: a later valid row with the same
 * one fails, naming the first (see serial-index.ts for how little that costs).
 */
export class PlantRowReader {
  readonly #format: BulkFormat;
  readonly #fileName: string;
  readonly #csv = new CsvReader();
  #columns: string[] | undefined;
  #pendingLine = "";
  #atStart = true;
  #rows = 0;
  readonly #firstRow = new SerialIndex();

  readonly #countOnly: boolean;

  /** With `countOnly` the file is checked and its rows counted, but no row is built (a cheap first pass). */
  constructor(format: BulkFormat, fileName: string, options: { countOnly?: boolean } = {}) {
    this.#format = format;
    this.#fileName = fileName;
    this.#countOnly = options.countOnly ?? false;
  }

  /** Data rows read so far. */
  get rowCount(): number {
    return this.#rows;
  }

  push(text: string): PlantRow[] {
    if (this.#format === "csv") return this.#fromCsv(this.#csv.push(text));
    let chunk = text;
    if (this.#atStart) {
      this.#atStart = false;
      chunk = chunk.replace(/^\uFEFF/, "");
    }
    const lines = (this.#pendingLine + chunk).split("\n");
    this.#pendingLine = lines.pop() ?? "";
    return this.#fromLines(lines);
  }

  end(): PlantRow[] {
    if (this.#format === "csv") {
      const rows = this.#fromCsv(this.#csv.end());
      if (this.#columns === undefined) checkHeader(undefined, this.#fileName);
      return rows;
    }
    const last = this.#pendingLine;
    this.#pendingLine = "";
    return this.#fromLines([last]);
  }

  #fromCsv(records: CsvRecord[]): PlantRow[] {
    const rows: PlantRow[] = [];
    for (const record of records) {
      if (this.#columns === undefined) {
        this.#columns = checkHeader(record, this.#fileName);
        continue;
      }
      if (record.unclosedQuoteLine !== undefined) {
        // Everything after an unclosed quote was swallowed into one field: the file, not a row, is broken.
        throw new UsageError(
          `${this.#fileName}: line ${record.unclosedQuoteLine}: a quoted field opened here is never closed ` +
            '(missing "), so every later line would be read into it; fix the file (nothing was sent)',
        );
      }
      if (this.#countOnly) this.#rows++;
      else rows.push(this.#once(csvRow(++this.#rows, record, this.#columns)));
    }
    return rows;
  }

  #fromLines(lines: string[]): PlantRow[] {
    const rows: PlantRow[] = [];
    for (const line of lines) {
      if (line.trim() === "") continue;
      if (this.#countOnly) this.#rows++;
      else rows.push(this.#once(jsonlRow(++this.#rows, line)));
    }
    return rows;
  }

  #once(row: PlantRow): PlantRow {
    if (!row.body) return row;
    const first = this.#firstRow.firstRowOf(row.body.serialNumber, row.row);
    if (first === undefined) return row;
    const { body: _unused, ...rest } = row;
    return { ...rest, error: `serialNumber "${row.body.serialNumber}" repeats row ${first}` };
  }
}

/** Reads every row of a bulk file held in memory; `fileName` is for messages. */
export function readPlantRows(text: string, format: BulkFormat, fileName: string): PlantRow[] {
  const reader = new PlantRowReader(format, fileName);
  return [...reader.push(text), ...reader.end()];
}
