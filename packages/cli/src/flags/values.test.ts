import { describe, expect, it } from "vitest";
import { finite, int, jsonObject, length, orNull, parseDuration, uuid } from "./values.ts";

describe("flag values", () => {
  it("parses durations into milliseconds", () => {
    expect(["500ms", "30s", "30", "5m", "1h", "1.5s"].map(parseDuration)).toEqual([
      500, 30_000, 30_000, 300_000, 3_600_000, 1500,
    ]);
    expect(parseDuration("soon")).toBeUndefined();
  });

  it("reads whole numbers in a range and finite numbers, never an empty text as zero", () => {
    expect(int(1)("7")).toBe(7);
    expect(() => int(1)("0")).toThrow("must be a whole number 1 or more");
    expect(() => int(1, 64)(" ")).toThrow("must be a whole number from 1 to 64");
    expect(finite("-5.5")).toBe(-5.5);
    expect(() => finite("")).toThrow("must be a number");
    expect(() => finite("Infinity")).toThrow("must be a number");
  });

  it("checks lengths with the API's limits and keeps a hint on the message", () => {
    const name = length({ minLength: 1, maxLength: 3 });
    expect(name("abc")).toBe("abc");
    expect(() => name("")).toThrow("must not be empty");
    expect(() => name("abcd")).toThrow("must be at most 3 characters");
    expect(() => length({ minLength: 0, maxLength: 1 }, " (or null)")("ab")).toThrow(
      "must be at most 1 characters (or null)",
    );
  });

  it("reads JSON objects only, and the literal null as clearing a field", () => {
    expect(jsonObject('{"site":"north"}')).toEqual({ site: "north" });
    expect(() => jsonObject("[1]")).toThrow("must be a JSON object");
    expect(() => jsonObject("{oops")).toThrow("must be a JSON object");
    const templateId = orNull(uuid);
    expect(templateId("null")).toBeNull();
    expect(() => templateId("t-1")).toThrow("must be a UUID");
  });
});
