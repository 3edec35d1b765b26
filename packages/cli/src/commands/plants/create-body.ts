/**
 * The body of `POST /plants` as a bulk row must carry it, checked before any request with the
 * declarations of `plants create`'s flags (`index.ts`): a row and a flag accept the same values.
 */

import type { CreatePlantRequest } from "@voke/sdk";
import { InvalidValue } from "../../flags/values.ts";
import { createInput } from "./index.ts";

/** The create body's field names: the columns of a bulk CSV, the keys of a bulk JSONL line. */
export const CREATE_FIELDS = ["name", "serialNumber", "type", "authMethod", "metadata"] as const;

const TEXT_FIELDS = ["name", "serialNumber", "type", "authMethod"] as const;
const REQUIRED: readonly string[] = ["name", "serialNumber", "type"];

/** One text field through its flag's parser; the reason when it is refused. */
function textField(
  field: (typeof TEXT_FIELDS)[number],
  value: unknown,
): { value: string } | { reason: string } {
  const spec = createInput.flags[field];
  const choices = spec.choices ? ` (must be one of ${spec.choices.join(", ")})` : "";
  if (value === undefined) return { reason: `is required${choices}` };
  if (typeof value !== "string") return { reason: "must be text" };
  try {
    return { value: spec.parse ? (spec.parse(value) as string) : value };
  } catch (error) {
    if (error instanceof InvalidValue) return { reason: error.message };
    throw error;
  }
}

/**
 * A row's create body, strict like the API (an unknown key is an error, not silently dropped), or
 * why it is refused: `name: must not be empty; type: must be one of SENSOR, ...`.
 */
export function createPlantBody(
  row: Readonly<Record<string, unknown>>,
): { body: CreatePlantRequest } | { error: string } {
  const known: readonly string[] = CREATE_FIELDS;
  const unknown = Object.keys(row).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const names = unknown.map((key) => `"${key}"`).join(", ");
    return {
      error: `unknown field${unknown.length > 1 ? "s" : ""} ${names} (fields: ${CREATE_FIELDS.join(", ")})`,
    };
  }
  const body: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const field of TEXT_FIELDS) {
    if (row[field] === undefined && !REQUIRED.includes(field)) continue;
    const checked = textField(field, row[field]);
    if ("reason" in checked) problems.push(`${field}: ${checked.reason}`);
    else body[field] = checked.value;
  }
  const { metadata } = row;
  if (metadata !== undefined) {
    if (metadata === null || (typeof metadata === "object" && !Array.isArray(metadata)))
      body.metadata = metadata;
    else problems.push("metadata: must be a JSON object or null");
  }
  return problems.length > 0 ? { error: problems.join("; ") } : { body: body as CreatePlantRequest };
}
