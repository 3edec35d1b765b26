/**
 * The plant fields as flags and bulk rows carry them, checked with the API's own limits so a typo
 * fails before any request (`error: invalid value for --type: must be one of SENSOR, ...`).
 */

import { CREATE_PLANT_REQUEST_LIMITS as LIMITS } from "@voke/sdk";
import * as z from "zod/mini";
import { AUTH_METHODS, PLANT_TYPES } from "./choices.ts";

function text({ minLength, maxLength }: { readonly minLength: number; readonly maxLength: number }) {
  return z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") }).check(
    z.minLength(minLength, {
      error: minLength === 1 ? "must not be empty" : `must be at least ${minLength} characters`,
    }),
    z.maxLength(maxLength, { error: `must be at most ${maxLength} characters` }),
  );
}

/** Display name, within openapi.yaml's limits (1-100 characters). */
export const plantName = text(LIMITS.name);
/** Serial number, within openapi.yaml's limits (1-50 characters), unique across the server. */
export const serialNumber = text(LIMITS.serialNumber);
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const expected = `must be one of ${values.join(", ")}`;
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? `is required (${expected})` : expected),
  });
}

export const plantType = oneOf(PLANT_TYPES);
export const authMethod = oneOf(AUTH_METHODS);
