/**
 * Flags whose text is parsed into a value: a duration, a JSON object, or `null` to clear a field.
 * Apart from `flags/schemas.ts`, so the verbs that do not take them do not build them at startup.
 */

import * as z from "zod/mini";

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
