/**
 * Turns a request body's bytes into a JSON value the rest of the server can trust: strict UTF-8 (no
 * silent U+FFFD), bounded nesting (no stack overflow further on), every key kept as an own property.
 */
import type { ValidationIssue } from "../services/errors.ts";

/** Deepest nesting a body may have; `{"metadata":{"a":{}}}` is 3 levels. */
export const MAX_JSON_DEPTH = 32;

/** Why a body could not be read; `issue` names the field where that is known. */
export class JsonBodyError extends Error {
  readonly issue: ValidationIssue;
  constructor(issue: ValidationIssue, message: string) {
    super(message);
    this.name = "JsonBodyError";
    this.issue = issue;
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The body as text; invalid UTF-8 is an error instead of being replaced with U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new JsonBodyError(
      { path: "", message: "request body is not valid UTF-8" },
      "Request body is not valid UTF-8",
    );
  }
}

/**
 * Parses `text` as JSON and refuses values nested deeper than `maxDepth`, naming the top-level field
 * that holds the deep part. JSON.parse defines `__proto__` as an ordinary own key, so none is lost.
 *
 * @example parseJsonBody('{"metadata":{"__proto__":1}}') // → { metadata: { ["__proto__"]: 1 } }
 */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonBodyError(
      { path: "", message: `malformed JSON: ${(error as Error).message}` },
      "Malformed JSON body",
    );
  }
  const tooDeep = deepestField(value, maxDepth);
  if (tooDeep !== undefined) {
    throw new JsonBodyError(
      { path: tooDeep, message: `is nested more than ${maxDepth} levels deep` },
      "Request body is nested too deeply",
    );
  }
  return value;
}

/** The top-level field (or "" for the body itself) under which `value` goes deeper than `maxDepth`. */
function deepestField(value: unknown, maxDepth: number): string | undefined {
  // Iterative on purpose: the point is to survive input a recursive walk would overflow on.
  const pending: { node: unknown; depth: number; field: string }[] = [{ node: value, depth: 1, field: "" }];
  while (pending.length > 0) {
    const { node, depth, field } = pending.pop() as { node: unknown; depth: number; field: string };
    if (node === null || typeof node !== "object") continue;
    if (depth > maxDepth) return field;
    const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
    for (const [key, child] of entries) {
      pending.push({ node: child, depth: depth + 1, field: depth === 1 ? String(key) : field });
    }
  }
  return undefined;
}
