/** One line per simulator event on stderr: `2025-01-02T03:04:05.123Z telemetry sent producedKwh=1.2 …`. */

import type { IOStreams } from "../../io/streams.ts";

export type EventLog = (event: string, detail?: string) => void;

/** Writes `<ISO time> <event>[ <detail>]` lines to stderr; the event name is coloured on a terminal. */
export function createEventLog(io: IOStreams, now: () => Date = () => new Date()): EventLog {
  return (event, detail) => {
    const time = io.errColors.dim(now().toISOString());
    io.stderr.write(`${time} ${io.errColors.bold(event)}${detail ? ` ${detail}` : ""}\n`);
  };
}

/** `producedKwh=1.2 soc=71` from a metrics object. */
export function formatFields(fields: object): string {
  return Object.entries(fields)
    .map(
      ([name, value]) =>
        `${name}=${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`,
    )
    .join(" ");
}
