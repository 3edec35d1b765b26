import { describe, expect, it } from "vitest";
import { commandKey } from "./bundled-core.ts";

describe("commandKey", () => {
  it("names a run by its first two words before any flag, and whether stdout is a terminal", () => {
    expect(commandKey(["plants", "list", "-o", "json"])).toBe("plants list");
    expect(commandKey(["plants", "get", "9f3c"])).toBe("plants get");
    expect(commandKey(["plants", "--help"])).toBe("plants");
    expect(commandKey(["-o", "json", "plants", "list"])).toBe("");
    expect(commandKey([])).toBe("");
    expect(commandKey(["plants", "list"], true)).toBe("plants list on a terminal");
  });
});
