/** Which fields of a command tables and CSV show (JSON always carries every field). */

/** One command in `send` output: what was asked and what the device answered. */
export const COMMAND_COLUMNS = [
  "id",
  "command",
  "target",
  "payload",
  "status",
  "createdAt",
  "sentAt",
  "ackedAt",
  "responseStatus",
  "response",
];

/** A command's row in `list`. */
export const COMMAND_LIST_COLUMNS = [
  "id",
  "command",
  "target",
  "status",
  "createdAt",
  "ackedAt",
  "responseStatus",
];
