import { describe, expect, it } from "vitest";
import { arg, commandInput, flag, required, withDefault } from "./declare.ts";
import { pageFlags } from "./shared.ts";
import { readInput } from "./validate.ts";
import { duration, jsonObject, orNull, uuid } from "./values.ts";

const PLANT = "9f3c2a7e-0b1d-4c9e-8f00-5a4b3c2d1e0f";

function options(input: Parameters<typeof readInput>[0], raw: Record<string, unknown>) {
  const read = readInput(input, raw);
  if ("error" in read) throw read.error;
  return read.options;
}

function refusal(input: Parameters<typeof readInput>[0], raw: Record<string, unknown>): string {
  const read = readInput(input, raw);
  if (!("error" in read)) throw new Error("expected the input to be refused");
  return read.error.message;
}

describe("readInput: list flags", () => {
  const list = commandInput({
    args: [arg.parsed("plant-id", "a plant", uuid)],
    flags: pageFlags,
  });

  it("turns commander's text into numbers and a missing switch into false", () => {
    expect(options(list, { plantId: PLANT, page: "2", limit: "100" })).toEqual({
      plantId: PLANT,
      page: 2,
      limit: 100,
      all: false,
    });
    expect(options(list, { plantId: PLANT, all: true })).toEqual({ plantId: PLANT, all: true });
  });

  it("names the flag and the rule when a value is out of range, not a number, or conflicts", () => {
    expect(refusal(list, { plantId: PLANT, limit: "0" })).toBe(
      "invalid value for --limit: must be a whole number from 1 to 100",
    );
    expect(refusal(list, { plantId: PLANT, limit: "abc" })).toBe(
      "invalid value for --limit: must be a whole number from 1 to 100",
    );
    expect(refusal(list, { plantId: PLANT, page: "1.5" })).toBe(
      "invalid value for --page: must be a whole number 1 or more",
    );
    expect(refusal(list, { plantId: PLANT, all: true, page: "2" })).toBe(
      "invalid value for --all: cannot be combined with --page",
    );
    expect(refusal(list, { plantId: "p-1" })).toBe("invalid value for <plant-id>: must be a UUID");
  });

  it("reports every refused value at once, one line each", () => {
    expect(refusal(list, { plantId: "p-1", limit: "0" }).split("\n")).toEqual([
      "invalid value for <plant-id>: must be a UUID",
      "invalid value for --limit: must be a whole number from 1 to 100",
    ]);
  });
});

describe("readInput: required, defaults, lists and relations", () => {
  const send = commandInput({
    args: [arg.rest("plant-id", "plants", uuid)],
    flags: {
      name: required(flag.text("name", "a name")),
      interval: withDefault(flag.parsed("duration", "how often", duration(100)), "5s"),
      metadata: flag.parsed("json", "metadata", orNull(jsonObject)),
      kind: flag.choices("kind", ["a", "b"], "kinds"),
      enabled: flag.boolean("bool", "on or off"),
      wait: flag.switch("wait"),
      timeout: { ...flag.parsed("duration", "how long", duration()), requires: "wait" },
    },
  });

  it("applies defaults as text parsed like a given value, and [] to absent lists", () => {
    expect(options(send, { name: "n" })).toEqual({
      plantId: [],
      name: "n",
      interval: 5000,
      kind: [],
      wait: false,
    });
    expect(
      options(send, {
        plantId: [PLANT],
        name: "n",
        interval: "2m",
        metadata: "null",
        kind: ["b", "a"],
        enabled: true,
        wait: true,
        timeout: "500ms",
      }),
    ).toEqual({
      plantId: [PLANT],
      name: "n",
      interval: 120_000,
      metadata: null,
      kind: ["b", "a"],
      enabled: true,
      wait: true,
      timeout: 500,
    });
    expect(options(send, { name: "n", metadata: '{"site":"north"}', enabled: "off" })).toMatchObject({
      metadata: { site: "north" },
      enabled: false,
    });
  });

  it("refuses a missing required flag, a bad list item, a dependent flag alone, and parser refusals", () => {
    expect(refusal(send, {})).toBe("invalid value for --name: is required");
    expect(refusal(send, { name: "n", kind: ["a", "c"] })).toBe(
      "invalid value for --kind: must be one of a, b",
    );
    expect(refusal(send, { name: "n", plantId: [PLANT, "x"] })).toBe(
      "invalid value for <plant-id>: must be a UUID",
    );
    expect(refusal(send, { name: "n", timeout: "5s" })).toBe(
      "invalid value for --timeout: only applies with --wait",
    );
    expect(refusal(send, { name: "n", interval: "50ms" })).toBe(
      "invalid value for --interval: must be at least 100ms",
    );
    expect(refusal(send, { name: "n", interval: "soon" })).toBe(
      "invalid value for --interval: must be a duration like 30s, 5m or 500ms",
    );
    expect(refusal(send, { name: "n", metadata: "[1]" })).toBe(
      'invalid value for --metadata: must be a JSON object, e.g. \'{"site":"north"}\'',
    );
    expect(refusal(send, { name: "n", enabled: "maybe" })).toBe(
      "invalid value for --enabled: must be true or false",
    );
  });

  it("lets a parser's own bug through instead of reporting it as bad input", () => {
    const broken = commandInput({
      flags: {
        n: flag.parsed("n", "broken", () => {
          throw new TypeError("bug");
        }),
      },
    });
    expect(() => readInput(broken, { n: "1" })).toThrow(TypeError);
  });
});
