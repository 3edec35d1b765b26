/** When a device message arrived: read from the clock once per message, shared by its checks and its writes. */
export interface Arrival {
  readonly at: Date;
  readonly ms: number;
  /** `at` as ISO 8601 text (Date.toISOString), as the database stores times. */
  readonly iso: string;
}

// Under load many messages arrive within the same millisecond; they share its text.
let lastMs = Number.NaN;
let lastIso = "";

export function arrivalAt(at: Date): Arrival {
  const ms = at.getTime();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = at.toISOString();
  }
  return { at, ms, iso: lastIso };
}
