/** Turns zod results into the API's validation errors: `details.issues = [{path, message}]`. */
import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../services/errors.ts";

// Any 8-4-4-4-12 hex id, as JSON Schema's "uuid" format accepts.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A zod string that must be a UUID. */
export const uuidString = () => z.string({ error: "must be a string" }).regex(UUID, "must be a UUID");

/**
 * A zod JSON object (not an array, not null) passed through as is. z.record would copy it key by key
 * with plain assignment, which silently drops a `__proto__` key; this keeps every key the client sent.
 */
export const jsonObject = (message: string) =>
  z.custom<Record<string, unknown>>(
    (value) => value !== null && typeof value === "object" && !Array.isArray(value),
    { error: message },
  );

/** A zod enum whose message lists the allowed values (and says "is required" when the field is missing). */
/** A required string within a field's limits from openapi.yaml (e.g. CREATE_PLANT_REQUEST_LIMITS.name). */
export function requiredText(limits: { readonly minLength: number; readonly maxLength: number }) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .min(
      limits.minLength,
      limits.minLength === 1 ? "must not be empty" : `must be at least ${limits.minLength} characters`,
    )
    .max(limits.maxLength, `must be at most ${limits.maxLength} characters`);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? "is required" : `must be one of ${values.join(", ")}`),
  });
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join(".");
}

/** One issue per problem; an unknown field becomes an issue whose path names that field. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        issues.push({ path: dotted([...issue.path, key]), message: "unknown field" });
    } else if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
      issues.push({ path: dotted(issue.path), message: "is required" });
    } else {
      issues.push({ path: dotted(issue.path), message: issue.message });
    }
  }
  return issues;
}

/**
 * Parses `value` with `schema`, throwing ValidationError (400 VALIDATION_ERROR) with every issue.
 *
 * @example const query = parseOrThrow(listQuerySchema, c.req.query());
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toValidationIssues(result.error));
  return result.data;
}
