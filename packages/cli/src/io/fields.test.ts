import { describe, expect, it } from "vitest";
import { cellText, getPath, parseFields, pickFields } from "./fields.ts";

describe("fields", () => {
  it("parses --fields, trimming and dropping empty entries, and refuses an empty list", () => {
    expect(parseFields(" id, name,,mqtt.broker ")).toEqual(["id", "name", "mqtt.broker"]);
    expect(parseFields(undefined)).toBeUndefined();
    expect(() => parseFields(" , ")).toThrow(/--fields needs at least one field/);
  });

  it("reads dotted paths and fills missing values with null when picking", () => {
    const item = { id: 1, mqtt: { broker: "b" } };
    expect(getPath(item, "mqtt.broker")).toBe("b");
    expect(getPath(item, "mqtt.port.x")).toBeUndefined();
    expect(pickFields(item, ["id", "mqtt.port"])).toEqual({ id: 1, mqtt: { port: null } });
  });

  it("turns values into cell text: null empty, objects as JSON", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(false)).toBe("false");
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
  });
});
