import { describe, expect, it } from "vitest";
import { whereSet } from "./listing.ts";

describe("whereSet", () => {
  it("keeps only the conditions whose value is set, binding each by its :param", () => {
    expect(whereSet({ "a = :a": "x", "b = :b": undefined, "(c IS NULL OR c = :c)": 0 })).toEqual({
      clause: "WHERE a = :a AND (c IS NULL OR c = :c)",
      params: { a: "x", c: 0 },
    });
    expect(whereSet({ "a = :a": undefined })).toEqual({ clause: "", params: {} });
  });

  it("refuses a condition that names no parameter", () => {
    expect(() => whereSet({ "a = 1": "x" })).toThrow(/without a :param/);
  });
});
