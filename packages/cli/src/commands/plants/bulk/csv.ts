/**
 * An RFC 4180 CSV reader for bulk files: comma-separated, fields optionally in double quotes (which
 * may hold commas, line breaks and `""` for a quote), records ending in CRLF or LF. A malformed
 * record is reported on its own instead of failing the whole file.
 */

export interface CsvRecord {
  fields: string[];
  /** Why this record could not be read exactly (e.g. a quote in the middle of a field). */
  error?: string;
}

/**
 * Splits `text` into records. Blank lines are skipped; a byte order mark is dropped.
 *
 * ```ts
 * parseCsv('name,serialNumber\n"Roof, east",SN-1\n') // [{fields:["name","serialNumber"]}, {fields:["Roof, east","SN-1"]}]
 * ```
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let error: string | undefined;
  let started = false;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === "" && !quoted && error === undefined;
    if (!blank) records.push(error === undefined ? { fields } : { fields, error });
    fields = [];
    error = undefined;
    started = false;
    quoted = false;
  };

  while (i < text.length) {
    const char = text[i];
    if (char !== "\n" && char !== "\r") started = true;
    if (char === '"' && field === "") {
      quoted = true;
      // A quoted field: read up to the closing quote, turning "" into ".
      let closed = false;
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      if (!closed) error ??= 'a quoted field is not closed (missing ")';
      else if (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        error ??= 'text after a closing quote (write a quote inside a quoted field as "")';
      }
      continue;
    }
    if (char === ",") {
      endField();
      i++;
    } else if (char === "\n" || char === "\r") {
      endRecord();
      i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      if (char === '"')
        error ??= 'a quote inside an unquoted field (quote the whole field and write "" for ")';
      field += char;
      i++;
    }
  }
  if (started) endRecord();
  return records;
}
