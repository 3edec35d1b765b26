/** When a device message arrived: read from the clock once per message, shared by its checks and its writes. */
import { isoTime } from "../clock.ts";

export interface Arrival {
  readonly at: Date;
  readonly ms: number;
  /** `at` as ISO 8601 text (Date.toISOString), as the database stores times. */
  readonly iso: string;
}

export function arrivalAt(at: Date): Arrival {
  return { at, ms: at.getTime(), iso: isoTime(at) };
}
