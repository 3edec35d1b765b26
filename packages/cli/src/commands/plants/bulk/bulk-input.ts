/**
 * The bulk file, read twice in constant memory: a first pass checks it whole (strict UTF-8, the
 * header, quotes that never close) and counts its rows, so a broken file stops before anything is
 * sent; the second pass streams the rows to the API. Stdin cannot be read twice: it is kept in
 * memory (use a file for very large inputs).
 */

import { createReadStream } from "node:fs";
import { UsageError } from "../../../errors.ts";
import type { InputStream } from "../../../io/streams.ts";
import { Utf8Check } from "./encoding.ts";
import { detectFormat, type PlantRow, PlantRowReader } from "./rows.ts";

export interface BulkInput {
  /** How many data rows the file has. */
  readonly rowCount: number;
  /** The rows, read from the file as they are consumed. */
  rows(): AsyncIterable<PlantRow>;
}

type ByteSource = () => AsyncIterable<Uint8Array>;

/** The file's rows; with `check`, the first pass: strict UTF-8, rows counted but not built. */
async function* decodedRows(
  source: ByteSource,
  fileName: string,
  check?: { counted(rows: number): void },
): AsyncIterable<PlantRow> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const utf8 = check ? new Utf8Check(fileName) : undefined;
  const options = { countOnly: check !== undefined };
  let reader: PlantRowReader | undefined;
  let head = "";
  for await (const bytes of source()) {
    utf8?.push(bytes);
    const text = decoder.decode(bytes, { stream: true });
    if (!reader) {
      // The format is told by the name, or by the first non-blank character.
      head += text;
      if (head.trim() === "" && !/\.(csv|jsonl|ndjson)$/i.test(fileName)) continue;
      reader = new PlantRowReader(detectFormat(fileName, head), fileName, options);
      yield* reader.push(head);
      continue;
    }
    yield* reader.push(text);
  }
  utf8?.end();
  const rest = decoder.decode();
  if (!reader) {
    // Nothing but blank text (or nothing at all): the reader says what that means for the format.
    reader = new PlantRowReader(detectFormat(fileName, head), fileName, options);
    yield* reader.push(head);
  }
  yield* reader.push(rest);
  yield* reader.end();
  check?.counted(reader.rowCount);
}

async function open(source: ByteSource, fileName: string): Promise<BulkInput> {
  let rowCount = 0;
  for await (const _ of decodedRows(source, fileName, { counted: (rows) => (rowCount = rows) })) {
    // Nothing is built in the first pass.
  }
  return { rowCount, rows: () => decodedRows(source, fileName) };
}

/** Opens `file` (or `-` for stdin) for a bulk run; a usage error when it cannot be read or is broken. */
export async function openBulkInput(file: string, stdin: InputStream): Promise<BulkInput> {
  if (file === "-") {
    const chunks: Uint8Array[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    return open(async function* () {
      yield* chunks;
    }, "stdin");
  }
  const source = () => createReadStream(file) as AsyncIterable<Uint8Array>;
  try {
    return await open(source, file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new UsageError(`cannot read --from-file ${file}: ${reason}`);
  }
}
