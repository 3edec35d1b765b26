/**
 * Turns what commander parsed (text, switches, lists) into a verb's `Options`, by the verb's own
 * declarations: each value through its parser, defaults for absent flags, `required`, `conflicts`
 * and `requires`. Every problem is reported at once, each naming its flag or argument.
 */

import type { UsageError } from "../errors.ts";
import { type ArgumentSpec, argumentKey, type CommandInput, type FlagSpec, spelling } from "./declare.ts";
import { flagUsageError, type InputIssue } from "./issues.ts";
import { type Check, InvalidValue } from "./values.ts";

function given(value: unknown): boolean {
  return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

/** `parse(text)`, or the reason it refused the text. */
function attempt(parse: Check<unknown> | undefined, text: unknown): { value: unknown } | { reason: string } {
  if (parse === undefined || typeof text !== "string") return { value: text };
  try {
    return { value: parse(text) };
  } catch (error) {
    if (error instanceof InvalidValue) return { reason: error.message };
    throw error;
  }
}

/** One value: a list's items one by one, a lone `--enabled` as true, absent as its default. */
function read(spec: FlagSpec | ArgumentSpec, raw: unknown): { value: unknown } | { reason: string } {
  if (Array.isArray(raw)) {
    const values: unknown[] = [];
    for (const item of raw) {
      const parsed = attempt(spec.parse, item);
      if ("reason" in parsed) return parsed;
      values.push(parsed.value);
    }
    return { value: values };
  }
  return attempt(spec.parse, raw);
}

function readFlag(spec: FlagSpec, raw: unknown): { value: unknown } | { reason: string } {
  if (raw === undefined) {
    if (spec.required) return { reason: "is required" };
    if (spec.default !== undefined) return read(spec, spec.default);
    if (spec.repeatable) return { value: [] };
    return { value: spec.value === undefined ? false : undefined };
  }
  return read(spec, raw);
}

/**
 * The verb's options from commander's values (keyed by flag key and camelCase argument name), or a
 * usage error naming each flag or argument that is wrong.
 */
export function readInput(
  input: CommandInput,
  raw: Readonly<Record<string, unknown>>,
): { options: Record<string, unknown> } | { error: UsageError } {
  const options: Record<string, unknown> = {};
  const issues: InputIssue[] = [];
  for (const spec of input.args ?? []) {
    const key = argumentKey(spec.name);
    const value = raw[key];
    const parsed = value === undefined && spec.variadic ? { value: [] } : read(spec, value);
    if ("reason" in parsed) issues.push({ name: `<${spec.name}>`, message: parsed.reason });
    else options[key] = parsed.value;
  }
  const flags = Object.entries(input.flags ?? {});
  for (const [key, spec] of flags) {
    const parsed = readFlag(spec, raw[key]);
    if ("reason" in parsed) issues.push({ name: spelling(key), message: parsed.reason });
    else options[key] = parsed.value;
  }
  for (const [key, spec] of flags) {
    if (!given(raw[key])) continue;
    if (spec.conflicts !== undefined && given(raw[spec.conflicts]))
      issues.push({ name: spelling(key), message: `cannot be combined with ${spelling(spec.conflicts)}` });
    if (spec.requires !== undefined && !given(raw[spec.requires]))
      issues.push({ name: spelling(key), message: `only applies with ${spelling(spec.requires)}` });
  }
  return issues.length > 0 ? { error: flagUsageError(issues) } : { options };
}
