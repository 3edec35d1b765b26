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
