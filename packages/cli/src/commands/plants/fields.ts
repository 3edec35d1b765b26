/**
 * The plant fields as flags and bulk rows carry them, checked with the API's own limits so a typo
 * fails before any request (`error: invalid value for --type: must be one of SENSOR, ...`).
 */

import * as z from "zod/mini";

import { AUTH_METHODS, PLANT_TYPES } from "./choices.ts";

function text(max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .check(
      z.minLength(1, { error: "must not be empty" }),
      z.maxLength(max, { error: `must be at most ${max} characters` }),
    );
}

/** Display name, 1-100 characters. */
export const plantName = text(100);
/** Serial number, 1-50 characters, unique across the server. */
export const serialNumber = text(50);
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const expected = `must be one of ${values.join(", ")}`;
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? `is required (${expected})` : expected),
  });
}

export const plantType = oneOf(PLANT_TYPES);
export const authMethod = oneOf(AUTH_METHODS);
/** Free-form metadata: a JSON object, or null to clear it. */
export const metadataObject = z.nullable(
  z.record(z.string(), z.unknown(), { error: "must be a JSON object or null" }),
);

/** The body of `POST /plants`, strict like the API (an unknown key is an error, not silently dropped). */
export const createPlantBody = z.strictObject(
  {
    name: plantName,
    serialNumber,
    type: plantType,
    authMethod: z.optional(authMethod),
    metadata: z.optional(metadataObject),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")} (fields: name, serialNumber, type, authMethod, metadata)`
        : "must be an object",
  },
);

/** The create body's field names: the columns of a bulk CSV, the keys of a bulk JSONL line. */
export const CREATE_FIELDS = ["name", "serialNumber", "type", "authMethod", "metadata"] as const;

/**
 * A nullable flag value: the literal `null` means "clear it" (`--template-id null`), anything else
 * must pass `inner`, whose messages are kept.
 */
export function nullableFlag<T extends z.ZodMiniType<unknown, string>>(inner: T) {
  return z.pipe(
    z.string(),
    z.transform((text, ctx): z.output<T> | null => {
      if (text === "null") return null;
      const parsed = z.safeParse(inner, text);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        ctx.issues.push({ code: "custom", input: text, message: issue.message });
      }
      return z.NEVER;
    }),
  );
}
