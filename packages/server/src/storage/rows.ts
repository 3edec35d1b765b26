/** Small conversions between SQLite column values and the records the storage modules return. */
import type { SQLInputValue } from "node:sqlite";

export type Row = Record<string, SQLInputValue>;

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new TypeError(`column ${column} is not text`);
  return value;
}

export function textOrNull(row: Row, column: string): string | null {
  const value = row[column];
  return typeof value === "string" ? value : null;
}

export function numberOrNull(row: Row, column: string): number | null {
  const value = row[column];
  return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : null;
}

export function integer(row: Row, column: string): number {
  const value = numberOrNull(row, column);
  if (value === null) throw new TypeError(`column ${column} is not a number`);
  return value;
}

export function booleanOrNull(row: Row, column: string): boolean | null {
  const value = numberOrNull(row, column);
  return value === null ? null : value !== 0;
}

export function jsonOrNull<T>(row: Row, column: string): T | null {
  const value = textOrNull(row, column);
  return value === null ? null : (JSON.parse(value) as T);
}

export function toBit(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
