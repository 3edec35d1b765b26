import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { FlagSchema } from "../registry/define.ts";
import { flagUsageError } from "./issues.ts";
import { intFlag, listSchema, uuid } from "./schemas.ts";

const names = new Map([
  ["limit", "--limit"],
  ["page", "--page"],
  ["all", "--all"],
  ["plantId", "<plant-id>"],
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
  it("builds range messages for open-ended integers", () => {
    expect(z.object({ n: intFlag(1) }).safeParse({ n: "0" }).success).toBe(false);
    expect(z.object({ n: intFlag(1) }).parse({ n: "7" })).toEqual({ n: 7 });
  });
});
