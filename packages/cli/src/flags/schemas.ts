/**
 * zod/mini building blocks for verb flag schemas (`export const flags = z.object({...})`). zod/mini
 * keeps startup fast; messages here are written for a person reading `error: invalid value for --limit`.
 */

import * as z from "zod/mini";

/** An integer flag in a range, from commander's string: `intFlag(1, 100)`. */
export function intFlag(min: number, max = Number.MAX_SAFE_INTEGER) {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  const error = `must be a whole number ${range}`;
  return z.coerce
    .number({ error })
    .check(z.int({ error }), z.minimum(min, { error }), z.maximum(max, { error }));
}

/** `--page`, `--limit`, `--all`; spread into a verb's schema and check with `refineList`. */
export const listFlags = {
  page: z.optional(intFlag(1)),
  limit: z.optional(intFlag(1, 100)),
  all: z._default(z.boolean(), false),
};

interface ListValues {
  page?: number;
  all?: boolean;
}

/**
 * A list verb's schema: the list flags plus its own, refusing `--all` together with `--page`.
 *
 * ```ts
 * export const flags = listSchema({ status: z.optional(z.enum(["ONLINE", "OFFLINE"])) });
 * export type Options = z.infer<typeof flags>;
 * ```
 */
export function listSchema<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.object({ ...listFlags, ...shape }).check(
    z.refine((value) => !((value as ListValues).all && (value as ListValues).page !== undefined), {
      error: "cannot be combined with --page",
      path: ["all"],
    }),
  );
}

/** A UUID argument or flag (the API's ids); a typo fails here, before any request. */
export const uuid = z
  .string()
  .check(
    z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "must be a UUID" }),
  );
