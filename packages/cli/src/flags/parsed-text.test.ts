import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { flagUsageError } from "./issues.ts";
import { durationFlag, jsonObjectFlag, nullableFlag, parseDuration } from "./parsed-text.ts";
import { uuid } from "./schemas.ts";

const names = new Map([
  ["timeout", "--timeout"],
  ["templateId", "--template-id"],
]);

function usageMessage(schema: z.ZodMiniType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected a validation failure");
  return flagUsageError(result.error.issues, names).message;
}

describe("flags parsed from text", () => {
  it("parses durations into milliseconds", () => {
    expect(["500ms", "30s", "30", "5m", "1h", "1.5s"].map(parseDuration)).toEqual([
      500, 30_000, 30_000, 300_000, 3_600_000, 1500,
    ]);
    expect(parseDuration("soon")).toBeUndefined();
    const schema = z.object({ timeout: durationFlag });
    expect(schema.parse({ timeout: "2m" })).toEqual({ timeout: 120_000 });
    expect(usageMessage(schema, { timeout: "0s" })).toBe(
      "invalid value for --timeout: must be a duration like 30s, 5m or 500ms",
    );
  });

  it("parses JSON object flags and refuses arrays or broken JSON", () => {
    const schema = z.object({ metadata: jsonObjectFlag });
    expect(schema.parse({ metadata: '{"site":"north"}' })).toEqual({ metadata: { site: "north" } });
    expect(schema.safeParse({ metadata: "[1]" }).success).toBe(false);
    expect(schema.safeParse({ metadata: "{oops" }).success).toBe(false);
  });

  it("reads the literal null as clearing a field and keeps the inner schema's message otherwise", () => {
    const schema = z.object({ templateId: nullableFlag(uuid) });
    const id = "9f3c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f";
    expect(schema.parse({ templateId: "null" })).toEqual({ templateId: null });
    expect(schema.parse({ templateId: id })).toEqual({ templateId: id });
    expect(usageMessage(schema, { templateId: "t-1" })).toBe(
      "invalid value for --template-id: must be a UUID",
    );
  });
});
