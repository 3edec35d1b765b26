import { describe, expect, it } from "vitest";
import { headerLine, requestHeaders } from "./headers.ts";

describe("voke api -H", () => {
  it('reads "Name: value", trimming around the value, and refuses anything else', () => {
    expect(headerLine("Idempotency-Key: 42")).toEqual(["Idempotency-Key", "42"]);
    expect(headerLine("X-Empty:")).toEqual(["X-Empty", ""]);
    expect(headerLine("X-Url: http://a:1/b")).toEqual(["X-Url", "http://a:1/b"]);
    for (const bad of ["no colon", ": value", "Bad Name: x", "X-A: one\r\nX-B: two"])
      expect(() => headerLine(bad)).toThrow('must be "Name: value"');
  });

  it("replaces a default header of the same name (any case) and sends repeated ones all", () => {
    const defaults = { authorization: "Bearer t", accept: "application/json" };
    expect(
      requestHeaders(defaults, [
        ["Accept", "text/plain"],
        ["X-Tag", "a"],
        ["X-Tag", "b"],
      ]),
    ).toEqual([
      ["authorization", "Bearer t"],
      ["Accept", "text/plain"],
      ["X-Tag", "a"],
      ["X-Tag", "b"],
    ]);
    expect(requestHeaders(defaults, [])).toEqual(Object.entries(defaults));
  });
});
