/** Checks an id before it goes into a URL path, where "", "." or ".." would change which route is hit. */

/**
 * Returns `value` when it can stand as one path segment; otherwise throws a TypeError naming the
 * argument. Whether it is a UUID is the server's to judge (400 `INVALID_UUID`).
 */
export function pathId(name: string, value: string): string {
  if (typeof value !== "string" || value.trim() === "" || value === "." || value === "..") {
    throw new TypeError(
      `${name} must be a non-empty id string, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return value;
}
