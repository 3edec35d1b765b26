/**
 * An RFC 4180 CSV reader for bulk files: comma-separated, fields optionally in double quotes (which
 * may hold commas, line breaks and `""` for a quote), records ending in CRLF or LF. It reads text as
 * it arrives (chunk boundaries anywhere), so a file of any size is read in constant memory. A
 * malformed record is reported on its own instead of failing the whole file.
 */

export interface CsvRecord {
  fields: string[];
  /** The line (1-based) the record starts on. */
  line: number;
  /** Why this record could not be read exactly (e.g. a quote in the middle of a field). */
  error?: string;
  /** For a quoted field never closed: the line its opening quote is on. */
  unclosedQuoteLine?: number;
}

type State = "start" | "unquoted" | "quoted" | "quote" | "closed";

/**
 * Incremental reader: `push` text as it comes, then `end`; each returns the records completed.
 * Blank lines are skipped; a byte order mark at the very start is dropped.
 */
export class CsvReader {
  #fields: string[] = [];
  #field = "";
  #error: string | undefined;
  #state: State = "start";
  #started = false;
  #quoted = false;
  #skipLf = false;
  #atStart = true;
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;

  push(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      if (this.#atStart) {
        this.#atStart = false;
        if (char === "\uFEFF") continue;
      }
      if (this.#skipLf) {
        this.#skipLf = false;
        if (char === "\n") continue;
      }
      if (this.#state === "quoted") {
        if (char === '"') {
          this.#state = "quote";
          continue;
        }
        // Take the run up to the next quote at once: appending char by char makes garbage per byte.
        const close = text.indexOf('"', i);
        const end = close === -1 ? text.length : close;
        const run = text.slice(i, end);
        for (let at = run.indexOf("\n"); at !== -1; at = run.indexOf("\n", at + 1)) this.#line++;
        this.#field += run;
        i = end - 1;
        continue;
      }
      if (this.#state === "quote") {
        if (char === '"') {
          this.#field += '"';
          this.#state = "quoted";
          continue;
        }
        this.#state = "closed";
      }
      if (char === ",") {
        this.#endField();
        this.#started = true;
        continue;
      }
      if (char === "\n" || char === "\r") {
        this.#endRecord(records);
        this.#skipLf = char === "\r";
        this.#line++;
        this.#recordLine = this.#line;
        continue;
      }
      this.#started = true;
      if (this.#state === "start" && char === '"') {
        this.#state = "quoted";
        this.#quoted = true;
        this.#quoteLine = this.#line;
        continue;
      }
      if (this.#state === "closed") {
        this.#error ??= 'text after a closing quote (write a quote inside a quoted field as "")';
      } else if (char === '"') {
        this.#error ??= 'a quote inside an unquoted field (quote the whole field and write "" for ")';
        this.#state = "unquoted";
      } else this.#state = "unquoted";
      // The rest of the field up to the next character that means something, at once.
      let end = i + 1;
      while (end < text.length) {
        const next = text.charCodeAt(end);
        if (next === 44 || next === 10 || next === 13 || next === 34) break; // , \n \r "
        end++;
      }
      this.#field += text.slice(i, end);
      i = end - 1;
    }
    return records;
  }

  end(): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (this.#state === "quoted") {
      this.#error = `a quoted field opened on line ${this.#quoteLine} is not closed (missing ")`;
      this.#endRecord(records, this.#quoteLine);
    } else if (this.#started || this.#state === "quote") this.#endRecord(records);
    return records;
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = "";
    this.#state = "start";
  }

  #endRecord(records: CsvRecord[], unclosedQuoteLine?: number): void {
    this.#endField();
    const fields = this.#fields;
    const blank = fields.length === 1 && fields[0] === "" && !this.#quoted && this.#error === undefined;
    if (!blank) {
      const record: CsvRecord = { fields, line: this.#recordLine };
      if (this.#error !== undefined) record.error = this.#error;
      if (unclosedQuoteLine !== undefined) record.unclosedQuoteLine = unclosedQuoteLine;
      records.push(record);
    }
    this.#fields = [];
    this.#error = undefined;
    this.#started = false;
    this.#quoted = false;
  }
}

/**
 * Splits `text` into records at once.
 *
 * ```ts
 * parseCsv('name,serialNumber\n"Roof, east",SN-1\n') // [{fields:["name","serialNumber"], line: 1}, {fields:["Roof, east","SN-1"], line: 2}]
 * ```
 */
export function parseCsv(text: string): CsvRecord[] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}
