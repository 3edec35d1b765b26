/** `--fields` support: read dotted paths out of API objects and turn values into cell text. */

import { UsageError } from "../errors.ts";

/** Splits `--fields id,name, mqtt.broker` into paths; empty entries are dropped. */
export function parseFields(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const fields = value
    .split(",")
    .map((field) => field.trim())
    .filter((field) => field !== "");
  if (fields.length === 0)
    throw new UsageError("--fields needs at least one field name, e.g. --fields id,name");
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `path` (dotted) leads to a present key in `item` (null counts as present). */
export function hasPath(item: unknown, path: string): boolean {
  let current: unknown = item;
  for (const key of path.split(".")) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return true;
}

/** The value at a dotted path, `undefined` when any step is missing. */
export function getPath(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const key of path.split(".")) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * Keeps only `fields` of an object, in that order, rebuilding nesting for dotted paths:
 * `pick({id: 1, mqtt: {port: 8883, broker: "b"}}, ["mqtt.broker", "id"])` → `{mqtt: {broker: "b"}, id: 1}`.
 * Missing values come out as null so every item has the same keys.
 */
export function pickFields(item: unknown, fields: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const path of fields) {
    const keys = path.split(".");
    let target = picked;
    for (const key of keys.slice(0, -1)) {
      if (!isRecord(target[key])) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const value = getPath(item, path);
    target[keys[keys.length - 1] as string] = value === undefined ? null : value;
  }
  return picked;
}

/**
 * Refuses field names that no item has, so a typo is an error rather than an empty column.
 * Checks only when there is at least one item to look at.
 */
export function checkFields(items: readonly unknown[], fields: readonly string[]): void {
  if (items.length === 0) return;
  const unknown = fields.filter((field) => !items.some((item) => hasPath(item, field)));
  if (unknown.length === 0) return;
  const available = isRecord(items[0]) ? Object.keys(items[0]).join(", ") : "";
  throw new UsageError(
    `unknown field${unknown.length > 1 ? "s" : ""} in --fields: ${unknown.join(", ")}` +
      (available ? ` (available: ${available})` : ""),
  );
}

/** Text for one table or CSV cell: strings as they are, null/undefined empty, objects as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}
