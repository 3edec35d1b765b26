/** `-H "Name: value"` of `voke api`, apart from `request.ts` so the registry can check it cheaply. */

import { InvalidValue } from "../../flags/values.ts";

/** RFC 9110's token: the characters a header name may have. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `Idempotency-Key: 42` → `["Idempotency-Key", "42"]`. */
export function headerLine(text: string): [name: string, value: string] {
  const at = text.indexOf(":");
  const name = text.slice(0, Math.max(at, 0)).trim();
  const value = text.slice(at + 1).trim();
  if (at <= 0 || !TOKEN.test(name) || /[\r\n\0]/.test(value))
    throw new InvalidValue('must be "Name: value", e.g. "Idempotency-Key: 42"');
  return [name, value];
}

/**
 * The request's headers: `defaults` (lower-case names), each replaced by the `-H` headers of the
 * same name; several `-H` of one name are all sent.
 */
export function requestHeaders(
  defaults: Readonly<Record<string, string>>,
  given: readonly (readonly [string, string])[],
): [string, string][] {
  const replaced = new Set(given.map(([name]) => name.toLowerCase()));
  const kept = Object.entries(defaults).filter(([name]) => !replaced.has(name));
  return [...kept, ...given.map(([name, value]): [string, string] => [name, value])];
}
