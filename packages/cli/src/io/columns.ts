/**
 * How a field shows in a table on a terminal, like gh: a human header (`LIFECYCLE`, `LAST SEEN`),
 * which columns give way first when the terminal is narrow, which are never cut (ids, to copy),
 * relative times, and coloured states. Pipes never see any of this: they get the values as they are.
 */

import type { Styles } from "./styles.ts";

/** Headers that read better than the field name spelled out. */
const HEADERS: Record<string, string> = {
  id: "ID",
  lifecycleStatus: "LIFECYCLE",
  serialNumber: "SERIAL",
  authMethod: "AUTH",
  lastSeenAt: "LAST SEEN",
  plantId: "PLANT",
  organizationId: "ORGANIZATION",
  templateId: "TEMPLATE",
  externalPlantId: "EXTERNAL ID",
};

/** `lastSeenAt` → `LAST SEEN`, `mqtt.broker` → `MQTT BROKER`, `producedKwh` → `PRODUCED KWH`. */
export function headerFor(path: string): string {
  const known = HEADERS[path];
  if (known) return known;
  return path
    .replace(/At$/, "")
    .replace(/\./g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toUpperCase();
}

/** `lastSeenAt` → `Last seen`: the label of a field in a detail view. */
export function labelFor(path: string): string {
  const header = headerFor(path).toLowerCase();
  return header.charAt(0).toUpperCase() + header.slice(1);
}

/** Free text that may be cut with `…` when the terminal is narrow; every other column stays whole. */
const FREE_TEXT = /^(name|message|description|metadata|payload|response|target|error|file|value|tag)$/;

/**
 * Whether a column can be cut: free text can, and so can any very wide value. Ids, states, serial
 * numbers and times stay whole (ids are there to be copied) or give way as a whole column.
 */
export function isCuttable(path: string, naturalWidth: number): boolean {
  const leaf = path.split(".").pop() ?? path;
  if (leaf === "id" || leaf.endsWith("Id")) return false;
  return FREE_TEXT.test(leaf) || naturalWidth > 40;
}

/**
 * Which column gives way first when the table is too wide: the higher, the sooner. Names and ids
 * stay longest; then states; types, methods and times go first. Later columns give way before
 * earlier ones of the same rank.
 */
export function dropRank(path: string, index: number): number {
  const leaf = path.split(".").pop() ?? path;
  let rank = 2;
  if (leaf === "id" || leaf === "name" || leaf === "command" || leaf === "message") rank = 0;
  else if (/status$|State$|^severity$/i.test(leaf)) rank = 1;
  else if (/At$|^type$|^authMethod$|Id$/.test(leaf)) rank = 3;
  return rank * 1000 + index;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** Made once: building an Intl formatter costs more than formatting a whole table. */
let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** `3 minutes ago`, `in 29 days`, `just now` for an ISO timestamp; other text unchanged. */
export function relativeTime(text: string, now: number): string {
  if (!ISO_TIME.test(text)) return text;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return text;
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  relativeFormat ??= new Intl.RelativeTimeFormat("en", { numeric: "always" });
  const format = relativeFormat;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(Math.trunc(seconds / 60) || Math.sign(seconds), "minute");
}

const GOOD = new Set(["ACTIVE", "ONLINE", "SUCCEEDED", "OK", "RESOLVED", "provisioned", "created"]);
const WAITING = new Set(["PENDING", "PROVISIONED", "QUEUED", "SENT", "DELIVERED", "exists", "INFO"]);
const WARN = new Set(["SUSPENDED", "TIMED_OUT", "EXPIRED", "WARNING", "expiringSoon"]);
const BAD = new Set(["DECOMMISSIONED", "FAILED", "CRITICAL", "REVOKED", "failed", "ERROR"]);

/** A state in its colour: ACTIVE/ONLINE green, SUSPENDED yellow, FAILED/CRITICAL red, OFFLINE dim. */
export function stateColor(text: string, colors: Styles): string {
  if (GOOD.has(text)) return colors.green(text);
  if (WAITING.has(text)) return colors.cyan(text);
  if (WARN.has(text)) return colors.yellow(text);
  if (BAD.has(text)) return colors.red(text);
  if (text === "OFFLINE") return colors.dim(text);
  return text;
}
