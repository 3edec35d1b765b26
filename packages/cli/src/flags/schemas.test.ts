import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { FlagSchema } from "../registry/define.ts";
import { flagUsageError } from "./issues.ts";
import { durationFlag, intFlag, jsonObjectFlag, listSchema, parseDuration, uuid } from "./schemas.ts";

const names = new Map([
  ["limit", "--limit"],
  ["page", "--page"],
  ["all", "--all"],
  ["plantId", "<plant-id>"],
  ["timeout", "--timeout"],
]);

function usageMessage(schema: FlagSchema<unknown>, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected a validation failure");
  return flagUsageError(result.error.issues, names).message;
}

describe("list flags", () => {
  const schema = listSchema({ plantId: z.optional(uuid) });

  it("turns commander's strings into numbers and defaults --all to false", () => {
    expect(schema.parse({ page: "2", limit: "100" })).toEqual({ page: 2, limit: 100, all: false });
    expect(schema.parse({ all: true })).toEqual({ all: true });
  });

  it("names the flag and the rule when a value is out of range or not a number", () => {
    expect(usageMessage(schema, { limit: "0" })).toBe(
      "invalid value for --limit: must be a whole number from 1 to 100",
    );
    expect(usageMessage(schema, { limit: "abc" })).toBe(
      "invalid value for --limit: must be a whole number from 1 to 100",
    );
    expect(usageMessage(schema, { page: "1.5" })).toBe(
      "invalid value for --page: must be a whole number 1 or more",
    );
    expect(usageMessage(schema, { all: true, page: "2" })).toBe(
      "invalid value for --all: cannot be combined with --page",
    );
    expect(usageMessage(schema, { plantId: "p-1" })).toBe("invalid value for <plant-id>: must be a UUID");
  });

  it("describes zod's generic issues in words (enum, type)", () => {
    const kind = z.object({ kind: z.enum(["A", "B"]), limit: z.number() });
    expect(usageMessage(kind, { kind: "C", limit: 1 })).toBe("invalid value for --kind: must be one of A, B");
    expect(usageMessage(kind, { kind: "A", limit: "1" })).toBe("invalid value for --limit: expected number");
  });
});

describe("other flag types", () => {
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

  it("builds range messages for open-ended integers", () => {
    expect(z.object({ n: intFlag(1) }).safeParse({ n: "0" }).success).toBe(false);
    expect(z.object({ n: intFlag(1) }).parse({ n: "7" })).toEqual({ n: 7 });
  });
});
