/** CSV per RFC 4180: comma separated, CRLF line ends, fields quoted when they hold `,`, `"`, CR or LF. */

/** Quotes one field when RFC 4180 requires it, doubling inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF terminated. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}
