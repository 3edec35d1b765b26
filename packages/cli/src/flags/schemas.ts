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

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `500ms`, `30s`, `5m`, `1h` or bare seconds (`30`) into milliseconds; undefined if invalid. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? "s") as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

/** A duration flag (`--timeout 30s`) as milliseconds. */
export const durationFlag = z.pipe(
  z.string(),
  z.transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.issues.push({ code: "custom", input: text, message: "must be a duration like 30s, 5m or 500ms" });
      return z.NEVER;
    }
    return ms;
  }),
);

/** A JSON object flag (`--metadata '{"site":"north"}'`). */
export const jsonObjectFlag = z.pipe(
  z.string(),
  z.transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === "object" && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.issues.push({
      code: "custom",
      input: text,
      message: 'must be a JSON object, e.g. \'{"site":"north"}\'',
    });
    return z.NEVER;
  }),
);
